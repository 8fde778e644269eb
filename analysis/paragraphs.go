package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// hardWrapWidth: lines shorter than this that end mid-sentence look like text
// wrapped by an editor, where a single newline is not a paragraph break.
const hardWrapWidth = 100

// splitParagraphs returns the spans of the paragraphs of text, trimmed of
// surrounding whitespace. Blank lines always separate paragraphs. Inside a
// block, single newlines separate paragraphs too unless the block looks
// hard-wrapped (short lines that mostly end mid-sentence).
func splitParagraphs(text string) []Span {
	var out []Span
	for _, block := range splitBlocks(text) {
		lines := splitLines(text, block)
		if len(lines) > 1 && !looksHardWrapped(text, lines) {
			out = append(out, lines...)
			continue
		}
		out = append(out, block)
	}
	return out
}

// splitBlocks splits on lines that are empty or whitespace only.
func splitBlocks(text string) []Span {
	var out []Span
	start := -1 // start of the current block, -1 when between blocks
	lineStart := 0
	for lineStart <= len(text) {
		nl := strings.IndexByte(text[lineStart:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = lineStart + nl
		}
		if isBlank(text[lineStart:lineEnd]) {
			if start >= 0 {
				out = append(out, trim(text, Span{start, lineStart}))
				start = -1
			}
		} else if start < 0 {
			start = lineStart
		}
		if nl < 0 {
			break
		}
		lineStart = lineEnd + 1
	}
	if start >= 0 {
		out = append(out, trim(text, Span{start, len(text)}))
	}
	return out
}

func splitLines(text string, block Span) []Span {
	var out []Span
	s := block.Start
	for s < block.End {
		nl := strings.IndexByte(text[s:block.End], '\n')
		e := block.End
		if nl >= 0 {
			e = s + nl
		}
		if sp := trim(text, Span{s, e}); sp.Len() > 0 {
			out = append(out, sp)
		}
		s = e + 1
	}
	return out
}

func looksHardWrapped(text string, lines []Span) bool {
	midSentence := 0
	for _, l := range lines[:len(lines)-1] {
		if utf8.RuneCountInString(l.In(text)) > hardWrapWidth {
			return false
		}
		if !endsSentence(l.In(text)) {
			midSentence++
		}
	}
	return midSentence*2 > len(lines)-1
}

func endsSentence(line string) bool {
	line = strings.TrimRightFunc(line, func(r rune) bool {
		return r == '"' || r == '\'' || r == ')' || r == '\u201D' || r == '\u2019'
	})
	r, _ := utf8.DecodeLastRuneInString(line)
	return r == '.' || r == '!' || r == '?' || r == ':' || r == '\u2026'
}

func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func trim(text string, s Span) Span {
	for s.Start < s.End {
		r, size := utf8.DecodeRuneInString(text[s.Start:s.End])
		if !unicode.IsSpace(r) {
			break
		}
		s.Start += size
	}
	for s.End > s.Start {
		r, size := utf8.DecodeLastRuneInString(text[s.Start:s.End])
		if !unicode.IsSpace(r) {
			break
		}
		s.End -= size
	}
	return s
}
