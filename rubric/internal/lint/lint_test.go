package lint

import (
	"strings"
	"testing"
)

const essay = `Stalin rose to power in the 1920s. He used his post as General Secretary to place his allies in the party, and his rivals underestimated him until it was too late to stop him.`

func TestCatchesEachDefect(t *testing.T) {
	long := "“" + strings.Join(strings.Fields(essay)[:20], " ") + "”"
	cases := []struct {
		name string
		item Item
		want Kind
	}{
		{"doubled word", Item{Text: "Weigh the the factors against each other."}, DoubledWord},
		{"doubled word across case", Item{Text: "Say which mattered most. Most of all, explain why."}, ""},
		{"was was", Item{Text: "How far was the Elizabethan settlement was successfully established more important?"}, WasWas},
		{"was in two clauses", Item{Text: "It was late, and the plan was weak."}, ""},
		{"empty quotation", Item{Text: "There are extra spaces here: “ ”."}, Empty},
		{"empty try", Item{Text: "There are extra spaces between these words. Try: ."}, Empty},
		{"invisible suggestion", Item{Text: "There are extra spaces between these words.", Suggestions: []string{" "}}, Empty},
		{"long quotation", Item{Text: "You explain why: " + long + "."}, LongQuote},
		{"quotation cut short", Item{Text: "You explain why: “He used his post as General Secretary to place his allies…”."}, ""},
		{"long sentence", Item{Text: "Add a conclusion " + strings.Repeat("that weighs one thing ", 11) + "and stops."}, LongSentence},
		{"not in essay", Item{Text: "You explain why: “Trotsky was murdered in Mexico”."}, NotInSource},
		{"in essay with other spacing", Item{Text: "You explain: “his rivals   underestimated him”."}, ""},
		{"sentence frame", Item{Text: "Open with a point, for example “Another reason … was …, because …”."}, ""},
		{"a word mentioned in a spelling note", Item{Text: "“loosing” means “setting free”.", Mentions: true}, ""},
		{"a sentence quoted in a spelling note", Item{Text: "“Trotsky fled to Mexico in exile” is misspelt.", Mentions: true}, NotInSource},
		{"model phrases", Item{Text: "Use phrases such as “this meant that” or “this was more important than”; compare them (“more important than…”)."}, ""},
		{"a quotation after a model phrase", Item{Text: "Use phrases such as “this meant that”. You wrote “Trotsky fled to Mexico”."}, NotInSource},
		{"weighed against itself", Item{Text: "Weigh what you say about Weimar Republic against what you say about Weimar, and say which mattered most."}, SelfWeighed},
		{"more important than itself", Item{Text: "Answer it: was the Great Depression more important than the Depression?"}, SelfWeighed},
		{"two things weighed", Item{Text: "Answer it: was the Great Depression more important than the appeal of Hitler?"}, ""},
		{"suggestion after arrow", Item{Text: "Correct “Stalin” → “Stalyn”."}, ""},
		{"american word", Item{Text: "Analyze the color of the argument."}, American},
		{"american -ize", Item{Text: "Organize your paragraphs."}, American},
		{"american in a quotation is the student's", Item{Text: "“Stalin rose to power” is well put; seize the point."}, ""},
		{"clean", Item{Text: "Make your conclusion a judgement that says how far the view holds, and why."}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := Check([]Item{c.item}, false, essay)
			if c.want == "" {
				if len(ds) != 0 {
					t.Fatalf("want no defect, got %v", ds)
				}
				return
			}
			for _, d := range ds {
				if d.Kind == c.want {
					return
				}
			}
			t.Fatalf("want %s, got %v", c.want, ds)
		})
	}
}

func TestRepeatedItems(t *testing.T) {
	items := []Item{
		{Where: "ebi[0]", Text: "Add a conclusion that says how far the view holds, and why."},
		{Where: "ebi[1]", Text: "Support the paragraph that begins “He used his post” with a specific date."},
		{Where: "ebi[2]", Text: "Add a conclusion that says, and explains why, how far the view holds."},
		{Where: "ebi[3]", Text: "Support the paragraph that begins “Stalin rose to power” with a specific date."},
	}
	ds := Check(items, true, essay)
	if len(ds) != 1 || ds[0].Kind != Repeated || ds[0].Where != "ebi[2]" {
		t.Fatalf("want one repeat at ebi[2], got %v", ds)
	}
	if ds := Check(items, false, essay); len(ds) != 0 {
		t.Fatalf("repeats checked without distinct: %v", ds)
	}
}
