package persuade

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// Element is one annotated discourse element: its type ("Position",
// "Claim", "Counterclaim", "Rebuttal", "Evidence", "Concluding Statement",
// "Lead") and its span as UTF-8 byte offsets into the essay (end exclusive).
type Element struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Essay is one annotated essay.
type Essay struct {
	ID       string    `json:"id"`
	Prompt   string    `json:"prompt"`
	Question string    `json:"question"`
	Text     string    `json:"text"`
	Elements []Element `json:"elements"`
}

// Parts of the corpus.
const (
	Tune   = "tune"
	Report = "report"
)

// PartOf puts an essay in the tuning or the reporting part by a hash of its
// id: the same essay always lands in the same part, whatever else the file
// holds.
func PartOf(id string) string {
	h := fnv.New32a()
	_, _ = io.WriteString(h, id)
	if h.Sum32()%10 < 7 {
		return Tune
	}
	return Report
}

// Load reads a gzipped JSON-lines file of essays, keeping those for which
// keep returns true (all of them when keep is nil).
func Load(path string, keep func(Essay) bool) ([]Essay, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("persuade: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("persuade: %s: %w", path, err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []Essay
	for line := 1; sc.Scan(); line++ {
		var e Essay
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("persuade: %s line %d: %w", path, line, err)
		}
		for _, el := range e.Elements {
			if el.Start < 0 || el.End > len(e.Text) || el.Start > el.End {
				return nil, fmt.Errorf("persuade: %s line %d: element %s span %d:%d outside %d bytes", path, line, el.Type, el.Start, el.End, len(e.Text))
			}
		}
		if keep == nil || keep(e) {
			out = append(out, e)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("persuade: %s: %w", path, err)
	}
	return out, nil
}
