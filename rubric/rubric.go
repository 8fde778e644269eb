package rubric

// Rubric is a mark scheme: levels with mark bands, and the criteria an essay
// is judged on. Rubrics are data, loaded from JSON and validated.
type Rubric struct {
	ID           string      `json:"id"`
	Name         string      `json:"name"`
	Board        string      `json:"board"`
	Paper        string      `json:"paper,omitempty"`
	QuestionType string      `json:"question_type,omitempty"`
	MaxMark      int         `json:"max_mark"`
	Levels       []Level     `json:"levels"`
	Criteria     []Criterion `json:"criteria"`
	Caps         []Cap       `json:"caps,omitempty"`
	// Qualification is "a-level" or "gcse" ("" for any).
	Qualification string `json:"qualification,omitempty"`
	// Forms are the question forms (analysis.Question.Form) this scheme
	// marks: a question of one of these forms gets this rubric when the
	// caller names none.
	Forms []string `json:"forms,omitempty"`
	// Length says how long an answer to this question needs to be: below
	// MinWords counted words the too-short cap applies, and development is
	// fully credited from FullWords. Without it, an A-level essay's
	// 250 and 700.
	Length *Length `json:"length,omitempty"`
	// SPaG, when set, awards separate marks for spelling, punctuation and
	// grammar (AQA and Pearson Edexcel GCSE extended answers).
	SPaG *SPaG `json:"spag,omitempty"`
	// References are the boards' documents the band structure was checked
	// against.
	References []Reference `json:"references,omitempty"`
}

// Length is how long an answer needs to be for its question.
type Length struct {
	MinWords  int `json:"min_words"`
	FullWords int `json:"full_words"`
}

// SPaG is a separate mark for spelling, punctuation and grammar.
type SPaG struct {
	MaxMark int    `json:"max_mark"`
	Note    string `json:"note,omitempty"`
}

// Reference is a document a rubric was checked against.
type Reference struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Default lengths: an A-level essay.
const (
	defaultMinWords  = 250
	defaultFullWords = 700
)

// lengths returns the too-short threshold and the length of full
// development for the rubric.
func (r *Rubric) lengths() (minWords, fullWords int) {
	if r == nil || r.Length == nil {
		return defaultMinWords, defaultFullWords
	}
	return r.Length.MinWords, r.Length.FullWords
}

// Level is one level of the scheme with its band of marks and a descriptor
// (in our own words) of what an answer at that level does.
type Level struct {
	Level      int    `json:"level"`
	Band       Band   `json:"band"`
	Descriptor string `json:"descriptor"`
}

// Band is an inclusive range of marks.
type Band struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Criterion is one aspect of the essay that contributes to the level.
type Criterion struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Weight      float64 `json:"weight"`
	Description string  `json:"description,omitempty"`
}

// Cap limits the level an essay can reach when a condition holds (an answer
// with no judgement cannot reach the top levels).
type Cap struct {
	// When names the condition, e.g. "no-judgement", "narrative".
	When     string `json:"when"`
	MaxLevel int    `json:"max_level"`
	Reason   string `json:"reason"`
}

// MaxLevel is the highest level of the scheme.
func (r *Rubric) MaxLevel() int {
	m := 0
	for _, l := range r.Levels {
		if l.Level > m {
			m = l.Level
		}
	}
	return m
}

// LevelFor returns the level whose band contains mark.
func (r *Rubric) LevelFor(mark int) (Level, bool) {
	for _, l := range r.Levels {
		if mark >= l.Band.Min && mark <= l.Band.Max {
			return l, true
		}
	}
	return Level{}, false
}
