// Runs Harper (npm harper.js, British English) over the exported dev-set
// essays and writes its lints as JSON lines for TestDevSet. Harper is not a
// dependency of Clio: install it in a scratch directory and run this from
// there.
//
//   mkdir /tmp/harper && cd /tmp/harper && npm install harper.js@2.10.0
//   node /path/to/harper.mjs DIR > harper.jsonl
//
// Every lint counts as a flag except the kinds that are not about errors
// (Style, Readability, Enhancement, Redundancy, Formatting, WordOrder) and
// Regionalism (another dialect's word, which Clio reports as information
// only). Spans are in characters; they are turned into bytes.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// harper.js is installed in the current directory, not beside this script.
const dist = `${process.cwd()}/node_modules/harper.js/dist`;
const harper = await import(pathToFileURL(`${dist}/index.js`));
const { binaryInlined } = await import(pathToFileURL(`${dist}/binaryInlined.js`));
const skip = new Set(['Style', 'Readability', 'Enhancement', 'Redundancy', 'Formatting', 'WordOrder', 'Regionalism']);

const dir = process.argv[2];
const linter = new harper.LocalLinter({ binary: binaryInlined, dialect: harper.Dialect.British });
await linter.setup();
for (const line of readFileSync(`${dir}/index.tsv`, 'utf8').split('\n')) {
  if (!line) continue;
  const [name, source] = line.split('\t');
  const text = readFileSync(`${dir}/${name}`, 'utf8');
  const chars = Array.from(text);
  const byteAt = [0];
  for (const c of chars) byteAt.push(byteAt[byteAt.length - 1] + Buffer.byteLength(c));
  const flags = [];
  for (const lint of await linter.lint(text, { language: 'plaintext' })) {
    if (skip.has(lint.lint_kind())) continue;
    const span = lint.span();
    const problem = chars.slice(span.start, span.end).join('');
    const suggestions = lint.suggestions().map((s) => {
      switch (s.kind()) {
        case 1: return ''; // Remove
        case 2: return problem + s.get_replacement_text(); // InsertAfter
        default: return s.get_replacement_text();
      }
    });
    flags.push({ start: byteAt[span.start], end: byteAt[span.end], suggestions, rule: lint.lint_kind() });
  }
  console.log(JSON.stringify({ source, flags }));
}
