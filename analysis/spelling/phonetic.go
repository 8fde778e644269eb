package spelling

// phoneticKey is a rough key for how an English word sounds, in the spirit
// of Metaphone: letters that sound alike map to one symbol, silent letters
// and vowels after the first letter are dropped, and repeats collapse. Words
// with the same key are candidates for one another even when their spelling
// differs by more than two edits ("fisicle", "physical"). w must be lower-case
// ASCII letters; anything else is skipped.
func phoneticKey(w string) string {
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'a' && c <= 'z' {
			b = append(b, c)
		}
	}
	if len(b) == 0 {
		return ""
	}
	// Silent or altered openings.
	switch {
	case hasPrefix(b, "kn"), hasPrefix(b, "gn"), hasPrefix(b, "pn"), hasPrefix(b, "wr"), hasPrefix(b, "ps"):
		b = b[1:]
	case hasPrefix(b, "wh"):
		b = append([]byte{'w'}, b[2:]...)
	case b[0] == 'x':
		b[0] = 's'
	}
	at := func(i int) byte {
		if i < 0 || i >= len(b) {
			return 0
		}
		return b[i]
	}
	key := make([]byte, 0, len(b))
	emit := func(c byte) {
		if len(key) == 0 || key[len(key)-1] != c {
			key = append(key, c)
		}
	}
	for i := 0; i < len(b); i++ {
		c, next := b[i], at(i+1)
		if i > 0 && c == b[i-1] && c != 'c' {
			continue
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u':
			if i == 0 {
				emit('A')
			}
		case 'b':
			if !(i == len(b)-1 && at(i-1) == 'm') { // "lamb"
				emit('P')
			}
		case 'c':
			switch {
			case next == 'i' && at(i+2) == 'a', next == 'h':
				emit('X')
				if next == 'h' {
					i++
				}
			case next == 'i', next == 'e', next == 'y':
				if at(i-1) != 's' { // "science"
					emit('S')
				}
			default:
				emit('K')
			}
		case 'd':
			if next == 'g' && (at(i+2) == 'e' || at(i+2) == 'i' || at(i+2) == 'y') {
				emit('J')
				i++
			} else {
				emit('T')
			}
		case 'g':
			switch {
			case next == 'h' && i+2 < len(b) && !isVowel(at(i+2)):
				i++ // "night": silent
			case next == 'h' && i+2 >= len(b):
				emit('F') // "enough"
				i++
			case next == 'n' && (i+2 == len(b) || hasPrefix(b[i+1:], "ned")):
				// "sign", "signed": silent
			case next == 'i', next == 'e', next == 'y':
				emit('J')
			default:
				emit('K')
			}
		case 'h':
			if isVowel(next) && !isVowel(at(i-1)) {
				emit('H')
			}
		case 'k':
			if at(i-1) != 'c' {
				emit('K')
			}
		case 'p':
			if next == 'h' {
				emit('F')
				i++
			} else {
				emit('P')
			}
		case 'q':
			emit('K')
		case 's':
			switch {
			case next == 'h', next == 'i' && (at(i+2) == 'o' || at(i+2) == 'a'):
				emit('X')
				if next == 'h' {
					i++
				}
			default:
				emit('S')
			}
		case 't':
			switch {
			case next == 'i' && (at(i+2) == 'o' || at(i+2) == 'a'):
				emit('X')
			case next == 'h':
				emit('0')
				i++
			case next == 'c' && at(i+2) == 'h':
				// "match": the ch emits X
			default:
				emit('T')
			}
		case 'v':
			emit('F')
		case 'w', 'y':
			if isVowel(next) {
				emit(c - 32)
			}
		case 'x':
			emit('K')
			emit('S')
		case 'z':
			emit('S')
		default: // f j l m n r
			emit(c - 32)
		}
	}
	return string(key)
}

func hasPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// coarseKey is phoneticKey with the hard and soft sounds of c and g merged
// (K/S/X from c, K/J from g all become K) and vowels dropped entirely, so a
// wrong vowel that changes how c or g sounds ("necasery") still meets the
// word meant ("necessary").
func coarseKey(w string) string {
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch c {
		case 'c', 'g', 'k', 'q':
			c = 'k'
		case 's', 'z':
			c = 's'
		}
		b = append(b, c)
	}
	k := []byte(phoneticKey(string(b)))
	// Drop the leading vowel marker and collapse repeats again.
	out := k[:0]
	for _, c := range k {
		if c == 'A' || len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}
