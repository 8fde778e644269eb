package marking_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric/marking"
)

// noJudgement is an answer with points and evidence but no conclusion, so
// its first target is the judgement its question asks for.
const noJudgement = `Stalin became General Secretary in April 1922, which let him appoint his own supporters to posts across the party, and those officials chose the delegates who voted at Party Congresses.

Trotsky did not attend Lenin's funeral in January 1924, and Zinoviev and Kamenev sided with Stalin because they feared Trotsky more than they feared him.

Stalin's policy of Socialism in One Country appealed to members tired of war, while Trotsky's call for permanent revolution seemed reckless after the Civil War.`

// TestJudgementAdviceFitsTheCommand: the judgement a student is asked for
// is the one the question's command calls for, in its own terms, and never
// weighs a thing against itself.
func TestJudgementAdviceFitsTheCommand(t *testing.T) {
	svc, err := marking.New(standard.Options{})
	require.NoError(t, err)
	cases := []struct {
		name, question string
		want           []string
		not            []string
	}{
		{"claim to assess", "'Stalin came to power because Lenin failed to plan for his succession.' Assess the validity of this view.",
			[]string{"how far"}, []string{"was Stalin came", "more important than the other factors"}},
		{"which was more important", "Which of the following was the more important reason why Stalin became leader by 1929? (i) his post as General Secretary (ii) the mistakes of Trotsky",
			[]string{"compare the two reasons", "General Secretary", "Trotsky"}, nil},
		{"significance", "How significant was Stalin's post as General Secretary in his rise to power?",
			[]string{"significant", "criteria"}, nil},
		{"success", "How successful was Stalin in defeating his rivals in the years 1924-29?",
			[]string{"how successful Stalin was", "by what measure"}, nil},
		{"success of a policy", "How successful were the Five-Year Plans in transforming the Soviet economy in the years to 1941?",
			[]string{"how successful the Five-Year Plans were"}, nil},
		{"factor in relation to others", "How important was the weakness of his rivals in relation to other factors in explaining why Stalin became leader?",
			[]string{"the weakness of his rivals mattered more than the other factors"}, []string{"criteria"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := svc.Mark(context.Background(), marking.Request{Text: noJudgement, Question: c.question})
			require.NoError(t, err)
			var target string
			for _, e := range rep.Feedback.EBI {
				if strings.Contains(e, "conclusion") {
					target = e
					break
				}
			}
			require.NotEmpty(t, target, "no judgement target in %q", rep.Feedback.EBI)
			for _, w := range c.want {
				assert.Contains(t, strings.ToLower(target), strings.ToLower(w))
			}
			for _, n := range c.not {
				assert.NotContains(t, target, n)
			}
		})
	}
}
