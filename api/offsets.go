package api

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/clio-history/clio/api/problem"
)

// Offset units a client may ask for: byte offsets into the UTF-8 text (the
// contract) or UTF-16 code units (what JavaScript strings index by).
const (
	OffsetsUTF8  = "utf8"
	OffsetsUTF16 = "utf16"
)

func checkOffsets(v, field string) (string, error) {
	switch v {
	case "", OffsetsUTF8:
		return OffsetsUTF8, nil
	case OffsetsUTF16:
		return OffsetsUTF16, nil
	}
	return "", problem.OnField(problem.Invalid, field, "%s must be %q or %q, not %q.", field, OffsetsUTF8, OffsetsUTF16, v)
}

// utf16Index maps byte offsets of text to UTF-16 offsets.
type utf16Index []int32

func newUTF16Index(text string) utf16Index {
	idx := make(utf16Index, len(text)+1)
	u := int32(0)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		for j := range n {
			idx[i+j] = u // a byte inside a rune maps to the rune's start
		}
		if r >= 0x10000 {
			u += 2
		} else {
			u++
		}
		i += n
	}
	idx[len(text)] = u
	return idx
}

func (x utf16Index) at(off int) int {
	if off < 0 {
		return off
	}
	if off >= len(x) {
		return int(x[len(x)-1])
	}
	return int(x[off])
}

// reportOffsets rewrites every start and end in a report's findings and dates
// from byte offsets into UTF-16 offsets. It works on the JSON, so fields other
// layers add to findings and dates pass through untouched.
func reportOffsets(report []byte, text, unit string) ([]byte, error) {
	if unit != OffsetsUTF16 {
		return report, nil
	}
	idx := newUTF16Index(text)
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(report, &doc); err != nil {
		return nil, fmt.Errorf("converting offsets: %w", err)
	}
	for _, list := range []string{"findings", "dates"} {
		raw, ok := doc[list]
		if !ok || string(raw) == "null" {
			continue
		}
		var items []map[string]json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, fmt.Errorf("converting offsets of %s: %w", list, err)
		}
		for _, it := range items {
			for _, k := range []string{"start", "end"} {
				v, ok := it[k]
				if !ok {
					continue
				}
				var off int
				if err := json.Unmarshal(v, &off); err != nil {
					return nil, fmt.Errorf("converting offsets of %s: %w", list, err)
				}
				it[k] = json.RawMessage(fmt.Sprint(idx.at(off)))
			}
		}
		b, err := json.Marshal(items)
		if err != nil {
			return nil, err
		}
		doc[list] = b
	}
	doc["offsets"] = json.RawMessage(`"utf16"`)
	return json.Marshal(doc)
}
