package dates

var monthNames = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

// monthAbbrevs are accepted only with a capital letter, like month names.
var monthAbbrevs = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var monthDisplay = [...]string{"", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
	"fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
	"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty-second": 22,
	"twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
	"twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
	"thirty-first": 31,
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}

// notYearBefore are words after which a number is a page, an article, an
// order number or money, not a year ("p. 45", "Order No. 00447", "£1500").
var notYearBefore = set("p", "pp", "page", "pages", "chapter", "chapters", "ch", "no", "nos",
	"number", "article", "articles", "order", "paragraph", "para", "line", "lines", "vol",
	"volume", "fig", "figure", "table", "section", "item", "room", "flight", "route", "tel",
	"£", "$", "€", "¥", "#", "totalling", "totaled", "totalled", "numbered", "numbering",
	"cost", "costing", "+", "x", "×")

// quantityAfter are words that make the number before them a count ("1500
// men", "1917 votes").
var quantityAfter = set("%", "per", "percent", "men", "women", "people", "soldiers", "troops",
	"votes", "deaths", "dead", "casualties", "members", "delegates", "workers", "peasants",
	"prisoners", "tonnes", "tons", "roubles", "rubles", "pounds", "dollars", "francs", "marks",
	"km", "kilometres", "kilometers", "miles", "metres", "meters", "acres", "hectares",
	"million", "millions", "billion", "thousand", "hundred", "pages", "words", "copies",
	"years", "months", "days", "hours", "minutes", "times", "strong", "x", "×", "kg", "lb")

// yearPreps are words after which a bare number is read as a year even when
// a plural noun follows ("in 1917 revolutionaries…").
var yearPreps = set("in", "since", "during", "until", "till", "after", "before", "around", "circa")

// countAfter always make the number before them a count or share.
var countAfter = set("%", "per", "percent", "million", "millions", "billion", "thousand", "hundred")

var unitWords = map[string]string{
	"year": "y", "years": "y", "month": "m", "months": "m", "decade": "d", "decades": "d",
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// parseDigits reads s as a non-negative integer of at most maxLen ASCII
// digits with no leading zero.
func parseDigits(s string, maxLen int) (int, bool) {
	if s == "" || len(s) > maxLen || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseOrdinal reads "14th", "1st", "22nd", "3rd" or an ordinal word.
func parseOrdinal(s string) (int, bool) {
	if n, ok := ordinalWords[s]; ok {
		return n, true
	}
	if len(s) < 3 {
		return 0, false
	}
	num, suf := s[:len(s)-2], s[len(s)-2:]
	n, ok := parseDigits(num, 2)
	if !ok || n == 0 {
		return 0, false
	}
	want := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			want = "st"
		case 2:
			want = "nd"
		case 3:
			want = "rd"
		}
	}
	return n, suf == want
}

// ordinalText writes 1 as "1st", 22 as "22nd".
func ordinalText(n int) string {
	suf := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return itoa(n) + suf
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// otherCalendars are words that put the number after them in a calendar
// other than the Gregorian or Julian ("the Hijri year 1345").
var otherCalendars = set("hijri", "ah", "islamic", "hebrew", "jewish", "persian", "buddhist", "republican",
	"mundi", "regnal", "am")

// timeNouns before "of" make the number after them a year: "the summer of
// 1789", "the revolution of 1917".
var timeNouns = set("spring", "summer", "autumn", "winter", "year", "years", "revolution", "revolutions",
	"events", "crisis", "crises", "elections", "election", "war", "famine", "congress", "treaty",
	"act", "rising", "revolt", "rebellion", "reforms", "harvest", "harvests", "campaign", "purge")
