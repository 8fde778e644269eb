package lint

import "strings"

// american maps American spellings a feedback writer is likely to reach for
// to their British forms. analysis/spelling holds the full lists but does not
// export them; these are the words Clio's own sentences could use.
var american = map[string]string{
	"color": "colour", "colors": "colours", "favor": "favour", "favorite": "favourite",
	"behavior": "behaviour", "labor": "labour", "honor": "honour", "neighbor": "neighbour",
	"center": "centre", "centers": "centres", "theater": "theatre", "defense": "defence",
	"offense": "offence", "license": "licence", "program": "programme", "catalog": "catalogue",
	"dialog": "dialogue", "traveled": "travelled", "traveling": "travelling", "modeled": "modelled",
	"labeled": "labelled", "canceled": "cancelled", "fulfill": "fulfil", "enroll": "enrol",
	"judgment": "judgement", "judgments": "judgements", "acknowledgment": "acknowledgement",
	"gray": "grey", "skeptical": "sceptical", "toward": "towards",
	"afterward": "afterwards", "analyze": "analyse", "analyzed": "analysed", "analyzes": "analyses",
	"analyzing": "analysing", "paralyze": "paralyse", "practiced": "practised", "practicing": "practising",
	"artifact": "artefact", "artifacts": "artefacts", "endeavor": "endeavour", "vigor": "vigour",
	"rumor": "rumour", "rumors": "rumours", "armor": "armour", "harbor": "harbour",
}

// americanStem catches -ize, -ization and -or words the table does not
// list. Clio writes -ise ("recognise", "organise"), as the style guide asks.
func americanStem(w string) (string, bool) {
	for _, suf := range []string{"ization", "izations", "ize", "izes", "ized", "izing"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 && !izeOK[w] {
			return w[:len(w)-len(suf)] + strings.Replace(suf, "z", "s", 1), true
		}
	}
	return "", false
}

// izeOK are words that end in -ize in British English too.
var izeOK = map[string]bool{
	"size": true, "sizes": true, "sized": true, "prize": true, "prizes": true, "prized": true,
	"seize": true, "seizes": true, "seized": true, "seizing": true, "capsize": true, "capsized": true,
	"downsize": true, "oversize": true, "outsize": true,
}
