// Package spelling checks the spelling of an essay in British (default) or
// American English, knowing the names and terms of A-level History, and
// suggests ranked corrections.
//
// Codes (all with a byte span over the word or words concerned):
//
//   - spelling.misspelled (error): a word in no dictionary; suggestions are
//     ranked, at most five. As a warning: a rare word one slip from a common
//     one ("wether" for "whether"), not counted in spelling.errors.
//   - spelling.capitalisation (error): a known proper noun written in lower
//     case ("trotsky" -> "Trotsky", "english" -> "English"), the pronoun
//     "i", a sentence that starts in lower case, or a grammatical word
//     capitalised in mid-sentence ("in 1536, And the king").
//   - spelling.confusable (error): a real word where its neighbours show that
//     another was meant (their/there/they're, its/it's, affect/effect,
//     lose/loose, "would of", principal/principle, then/than, to/too,
//     your/you're, "the thrown", and the sets of data/confusion-sets.txt,
//     decided from corpus counts: Data["rule"] is "context").
//   - spelling.apostrophe (error): a plural or verb written with "'s" ("the
//     German's were"), or a possessive written as a plural ("the peoples
//     support").
//   - spelling.name (error): a capitalised unknown word one slip from a name
//     the lexicon or the caller's names hold, and from no other.
//   - spelling.not-english (warning): the essay is in another language; the
//     only finding, for the whole essay (an empty span), with
//     Data["language"] when the language is recognised.
//   - spelling.run-together (error): two words written without a space
//     ("26%of", "thearmy").
//   - spelling.american (info, en-GB): an American spelling, with the British
//     one, or a word only the American lists hold, with the nearest British
//     words; spelling.british (info, en-US) is the reverse.
//   - spelling.unknown-name (info): a capitalised word we do not know that is
//     close to a name we do; a capitalised unknown word alone is never flagged.
//
// Metrics: spelling.errors (misspelled, run-together, confusable and
// capitalisation findings), spelling.errors_per_100_words,
// spelling.capitalisation, spelling.confusables, spelling.americanisms
// (American spellings in en-GB mode, British ones in en-US mode),
// spelling.rare_slips (the warnings above), spelling.apostrophes,
// spelling.name_slips and spelling.not_english (0 or 1).
//
// Finding.Data: "suggestion" is the first suggestion where there is one;
// spelling.american and spelling.british carry "variant" (the other spelling).
package spelling
