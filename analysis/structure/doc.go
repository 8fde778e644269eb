// Package structure is the analyzer for an essay's shape: paragraphs and
// their lengths, an introduction and a conclusion, very long sentences, and
// typing slips such as "the the" and double spaces.
//
// Codes: structure.few-paragraphs, structure.short-paragraph,
// structure.long-paragraph, structure.no-introduction,
// structure.no-conclusion, structure.conclusion (strength),
// structure.long-sentence, structure.repeated-word, structure.double-space.
//
// Metrics (all "structure."): paragraphs, sentences, words,
// mean_sentence_words, long_sentences, introduction (0/1), conclusion (0/1),
// paragraph_share_ok (share of paragraphs of a sensible length), slips.
package structure
