//go:build ignore

// gen builds words.tsv.gz from Debian's SCOWL word lists (wbritish-small,
// wbritish, wbritish-large, wbritish-huge and the wamerican equivalents),
// SCOWL's lists by size (the scowl package) and WordNet 3.0's sense-tagged
// counts (wordnet-base). Run it from this directory:
//
//	apt-get install -y wbritish-small wbritish wbritish-large wbritish-huge \
//	  wamerican-small wamerican wamerican-large wamerican-huge scowl wordnet-base
//	go run gen.go
//
// Each line of the output is: word TAB tier TAB locale TAB count TAB size,
// where tier is 1 (SCOWL size 35, the commonest words) to 4 (size 80, rare
// words), locale is "gb" (British lists only), "us" (American lists only) or
// "-" (both), count is how often the word's lemma is tagged in WordNet's
// semantic concordance (0 when it is not), and size is the smallest of
// SCOWL's finer sizes (10, 20, 35, 40, 50, 55, 60, 70) whose English,
// British or American word list holds the word (Debian packages the
// combined lists only at sizes 35, 50, 70 and 80), or 0 when none does:
// names, and the spelling variants SCOWL keeps in lists of their own.
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"
)

const dict = "/usr/share/dict/"

func read(path string, fn func(line string)) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fn(sc.Text())
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
}

// scowlSizes reads SCOWL's own lists: for each word, the smallest size whose
// English, British or American word list holds it.
func scowlSizes() map[string]int {
	sizes := map[string]int{}
	for _, size := range []int{10, 20, 35, 40, 50, 55, 60, 70} {
		for _, category := range []string{"english", "british", "american"} {
			read(fmt.Sprintf("%sscowl/%s-words.%d", dict, category, size), func(w string) {
				if _, ok := sizes[w]; !ok {
					sizes[w] = size
				}
			})
		}
	}
	return sizes
}

func main() {
	sizes := scowlSizes()
	tiers := []string{"-small", "", "-large", "-huge"}
	type entry struct {
		tier   int
		gb, us bool
	}
	words := map[string]*entry{}
	for i, suffix := range tiers {
		for _, loc := range []string{"british", "american"} {
			read(dict+loc+"-english"+suffix, func(w string) {
				w = strings.TrimSpace(w)
				if w == "" {
					return
				}
				e := words[w]
				if e == nil {
					e = &entry{tier: i + 1}
					words[w] = e
				}
				if i+1 < e.tier {
					e.tier = i + 1
				}
				if loc == "british" {
					e.gb = true
				} else {
					e.us = true
				}
			})
		}
	}
	// WordNet: lemma counts, and the irregular forms that map to lemmas.
	counts := map[string]int{}
	read("/usr/share/wordnet/cntlist.rev", func(line string) {
		f := strings.Fields(line)
		if len(f) != 3 {
			return
		}
		lemma, _, _ := strings.Cut(f[0], "%")
		n, err := strconv.Atoi(f[2])
		if err == nil {
			counts[strings.ReplaceAll(lemma, "_", " ")] += n
		}
	})
	irregular := map[string]string{}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		read("/usr/share/wordnet/"+pos+".exc", func(line string) {
			f := strings.Fields(line)
			if len(f) >= 2 {
				if _, ok := irregular[f[0]]; !ok {
					irregular[f[0]] = f[1]
				}
			}
		})
	}
	lemmaCount := func(w string) int {
		lw := strings.ToLower(w)
		if n := counts[lw]; n > 0 {
			return n
		}
		if l, ok := irregular[lw]; ok {
			return counts[l]
		}
		for _, rule := range [][2]string{{"ies", "y"}, {"es", ""}, {"s", ""}, {"ied", "y"}, {"ed", ""}, {"ed", "e"},
			{"ing", ""}, {"ing", "e"}, {"er", ""}, {"est", ""}, {"'s", ""}, {"ly", ""}} {
			if strings.HasSuffix(lw, rule[0]) && len(lw) > len(rule[0])+2 {
				stem := lw[:len(lw)-len(rule[0])] + rule[1]
				if n := counts[stem]; n > 0 {
					return n
				}
			}
		}
		return 0
	}
	keys := make([]string, 0, len(words))
	for w := range words {
		keys = append(keys, w)
	}
	sort.Strings(keys)
	out, err := os.Create("words.tsv.gz")
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(out, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	for _, w := range keys {
		e := words[w]
		loc := "-"
		switch {
		case e.gb && !e.us:
			loc = "gb"
		case e.us && !e.gb:
			loc = "us"
		}
		fmt.Fprintf(bw, "%s\t%d\t%s\t%d\t%d\n", w, e.tier, loc, lemmaCount(w), sizes[w])
	}
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := out.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d words", len(keys))
}
