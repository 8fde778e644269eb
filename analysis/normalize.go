package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// typographic folds the characters that word processors substitute for
// ASCII ones. Analyzers compare Norm, never Text, so "Lenin’s" and "Lenin's"
// behave alike.
var typographic = strings.NewReplacer(
	"\u2019", "'", "\u2018", "'", "\u201B", "'", "\u2032", "'", "\u02BC", "'",
	"\u201C", `"`, "\u201D", `"`, "\u201E", `"`, "\u2033", `"`,
	"\u2013", "-", "\u2014", "-", "\u2012", "-", "\u2015", "-", "\u2212", "-", "\u2010", "-", "\u2011", "-",
	"\u2026", "...",
	"\u00A0", " ", "\u202F", " ",
)

// Normalize folds typographic punctuation to ASCII (see Token.Norm).
func Normalize(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return typographic.Replace(s)
		}
	}
	return s
}

// isDash reports whether r is a hyphen or dash of any width.
func isDash(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return true
	}
	return false
}

func classify(text string) TokenKind {
	first, _ := utf8.DecodeRuneInString(text)
	hasLetter, hasDigit, allPunct := false, false, true
	for _, r := range text {
		switch {
		case unicode.IsLetter(r):
			hasLetter = true
			allPunct = false
		case unicode.IsDigit(r):
			hasDigit = true
			allPunct = false
		case unicode.IsPunct(r) || isDash(r):
		default:
			allPunct = false
		}
	}
	switch {
	case hasDigit && (unicode.IsDigit(first) || !hasLetter):
		return KindNumber
	case hasLetter:
		return KindWord
	case allPunct:
		return KindPunct
	default:
		return KindSymbol
	}
}

// tagText is the form of a token the tagger was trained on (Penn Treebank
// conventions: opening double quotes as “).
func tagText(norm, text string) string {
	switch text {
	case "\u201C", "\u201E":
		return "``"
	case "\u201D":
		return "''"
	case "\u2018":
		return "`"
	}
	return norm
}
