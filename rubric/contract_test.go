package rubric_test

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/fixtures"
)

// analyzerPkg is the import path of the analyzer packages; the rubric's
// contract with them is every Code* and Metric* constant it names.
const analyzerPkg = "github.com/clio-history/clio/analysis/"

// analyzerName matches a string that reads like an analyzer's finding code or
// metric name ("argument.judgement", "dates.") rather than naming it by the
// analyzer's constant.
var analyzerName = regexp.MustCompile(`^(argument|evidence|dates|spelling|structure|mechanics|language|history|question)\.`)

// readByRubric is what the rubric reads from the analyzers: the values of
// the Code* and Metric* constants its source names, found by parsing it, so
// that a constant the rubric starts to read is checked without anyone adding
// it to a list.
type readByRubric struct {
	codes, metrics map[string][]string // value → where the rubric names it
	literals       []string            // code-like string literals left in the rubric
}

func rubricReads(t *testing.T) readByRubric {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	consts := map[string]map[string]string{} // import path → constant → value
	r := readByRubric{codes: map[string][]string{}, metrics: map[string][]string{}}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		imports := map[string]string{} // local name → path
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			local := filepath.Base(path)
			if im.Name != nil {
				local = im.Name.Name
			}
			imports[local] = path
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(n.Value); n.Kind == token.STRING && err == nil && analyzerName.MatchString(s) {
					r.literals = append(r.literals, fset.Position(n.Pos()).String()+": "+n.Value)
				}
			case *ast.SelectorExpr:
				x, ok := n.X.(*ast.Ident)
				if !ok {
					return true
				}
				path, ok := imports[x.Name]
				if !ok || !strings.HasPrefix(path, analyzerPkg) {
					return true
				}
				sel := n.Sel.Name
				var into map[string][]string
				switch {
				case strings.HasPrefix(sel, "Code"):
					into = r.codes
				case strings.HasPrefix(sel, "Metric"):
					into = r.metrics
				default:
					return true
				}
				if consts[path] == nil {
					consts[path] = stringConsts(t, filepath.Join("..", strings.TrimPrefix(path, "github.com/clio-history/clio/")))
				}
				v, ok := consts[path][sel]
				require.True(t, ok, "%s: %s.%s is not a string constant of %s", fset.Position(n.Pos()), x.Name, sel, path)
				into[v] = append(into[v], fset.Position(n.Pos()).String())
			}
			return true
		})
	}
	return r
}

// stringConsts are the string constants declared in a package's source.
func stringConsts(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						out[id.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
	}
	return out
}

// emitted runs the standard analyzers over every fixture essay, each with its
// question when it has a sidecar, and collects the finding codes and the
// metrics (with a value) they report: fixtures/*.txt, the annotated corpus
// (fixtures/essays), the benchmark essays (fixtures/bench, which have no
// question) and the essays that plant the slips no realistic fixture happens
// to make (fixtures/contract).
func emitted(t *testing.T) (codes, metrics map[string]bool) {
	t.Helper()
	type essay struct{ name, text, question, topic string }
	var essays []essay
	var txts []string
	for _, pattern := range []string{"../fixtures/*.txt", "../fixtures/bench/*.txt", "../fixtures/contract/*.txt"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		require.NotEmpty(t, m, pattern)
		txts = append(txts, m...)
	}
	for _, p := range txts {
		text, err := os.ReadFile(p)
		require.NoError(t, err)
		var sc sidecar
		if b, err := os.ReadFile(strings.TrimSuffix(p, ".txt") + ".json"); err == nil {
			require.NoError(t, json.Unmarshal(b, &sc), p)
		}
		essays = append(essays, essay{filepath.Base(p), string(text), sc.Question, ""})
	}
	corpus, err := fixtures.Essays()
	require.NoError(t, err)
	for _, e := range corpus {
		essays = append(essays, essay{e.Name, e.Text, e.Question, e.Topic})
	}
	require.Greater(t, len(essays), 50, "the fixtures are missing")

	codes, metrics = map[string]bool{}, map[string]bool{}
	eng := engine(t)
	for _, e := range essays {
		res, err := eng.Analyze(context.Background(), standard.Request{Text: e.text, Question: e.question, Topic: e.topic})
		require.NoError(t, err, e.name)
		for _, f := range res.Findings {
			codes[f.Code] = true
		}
		for k, v := range res.Metrics {
			if !math.IsNaN(v) {
				metrics[k] = true
			}
		}
	}
	return codes, metrics
}

// TestRubricReadsOnlyWhatAnalyzersEmit is the rubric's contract with the
// analyzers: it names every code and metric it reads by the constant the
// analyzer exports, never by a string of its own, and each one is reported by
// some analyzer on some fixture essay. A renamed code breaks the build; a
// code an analyzer stops emitting (or never emitted) fails here, rather than
// silently changing marks.
func TestRubricReadsOnlyWhatAnalyzersEmit(t *testing.T) {
	reads := rubricReads(t)
	assert.Empty(t, reads.literals, "the rubric names these analyzer codes or metrics by a string; use the analyzer's constant")
	// The rubric reads dozens of codes and metrics; finding few would mean
	// the scan above is broken and the test vacuous.
	require.GreaterOrEqual(t, len(reads.codes), 20, "codes the rubric reads")
	require.GreaterOrEqual(t, len(reads.metrics), 20, "metrics the rubric reads")

	codes, metrics := emitted(t)
	check := func(kind string, read map[string][]string, got map[string]bool) {
		names := make([]string, 0, len(read))
		for k := range read {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, name := range names {
			assert.True(t, got[name], "the rubric reads %s %q (at %s), but no analyzer reports it on any fixture",
				kind, name, strings.Join(read[name], ", "))
		}
	}
	check("finding code", reads.codes, codes)
	check("metric", reads.metrics, metrics)
}
