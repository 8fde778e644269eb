// Package argument is the analyzer that judges an essay's argument: a line
// of argument in the introduction, a judgement in the conclusion, points,
// explanation and links in each paragraph, balance and focus on the question,
// and padding (repetition, piles of connectives, word salad).
//
// It first reads the essay's skeleton sentence by sentence (discourse.go):
// the thesis, the claims that open body paragraphs, the evidence under
// them, counterclaims and the rebuttals that answer them, the conclusion
// and the judgements within it. A sentence's role is decided by what it
// does where it stands (its stance, its place in its paragraph and the
// essay, whether it restates the thesis, concedes, refutes, ranks or brings
// in an example, and how it relates to its neighbours); cue phrases
// (cues.go), signposts among them, are evidence weighed with the rest,
// never the whole decision.
//
// Findings (code, severity):
//
//	argument.thesis          strength  the introduction's sentence that answers the question
//	argument.no-thesis       warning   the introduction states no line of argument (or only restates the question)
//	argument.judgement       strength  a sentence of the conclusion that reaches a reasoned judgement: it ranks,
//	                                   weighs or says how far, and the judgement is argued (a reason, a
//	                                   comparison, or a neighbour that explains it); one finding per judging
//	                                   sentence, those after the main one with Data role "also"
//	argument.asserted-judgement warning a verdict the conclusion states without arguing for it
//	argument.no-judgement    warning   no judgement in the conclusion (span: the last paragraph)
//	argument.conclusion      info      the paragraph (or closing sentences) that concludes, however it opens
//	argument.claim           info      a claim: the sentence that opens a body paragraph's point (or a further
//	                                   point within it)
//	argument.evidence        info      a run of sentences supporting a claim
//	argument.counterclaim    info      a view against the writer's that the essay raises (Data kind: attributed,
//	                                   attributed-alone, conceded, though, opposing; rebuttal_start/_end when
//	                                   answered)
//	argument.rebuttal        info      the writer's answer to a counterclaim (Data counterclaim_start/_end)
//	argument.inconsistent    warning   the conclusion's stance contradicts the introduction's
//	argument.point           strength  a body paragraph opens with an analytical point tied to the question
//	argument.no-point        info      a body paragraph opens without one
//	argument.no-link         info      a body paragraph's last sentence does not bring the point back to the question
//	argument.no-explanation  info      a body paragraph with no sentence that explains or weighs
//	argument.narrative       warning   a body paragraph that tells events without explaining them
//	argument.balance         strength  other factors weighed and a counter-argument considered and answered
//	argument.one-sided       warning   one of those is missing
//	argument.off-topic       warning   a paragraph that does not bear on the question
//	argument.repetition      warning   a near-copy of an earlier sentence or paragraph (span: the later copy;
//	                                   Data original_start/original_end: the earlier one)
//	argument.word-salad      warning   piled-up connectives, or words with no verb and few function words
//	                                   (Data kind: stacked, connectives, fragment, list, sprinkled — most
//	                                   sentences open with a connective; reported once)
//	argument.no-question     info      the essay came without a question
//
// Metrics (direction: "higher" means higher is better for the writer):
//
//	argument.analytical_sentence_share    higher  analytical sentences / sentences that are not repeats
//	argument.evaluative_per_100_words     higher  causal and evaluative markers in analytical sentences (at most 3
//	                                              per sentence) per 100 words that are not repeats
//	argument.paragraphs_with_point_share  higher  body paragraphs opening with a point / body paragraphs
//	argument.linked_share                 higher  body paragraphs ending with a link / body paragraphs
//	argument.focus                        higher  on-topic body paragraphs / body paragraphs (only with a question)
//	argument.thesis                       higher  1 when the introduction states a line of argument
//	argument.judgement                    higher  1 when the conclusion reaches a reasoned judgement
//	argument.asserted_judgement           higher  1 when it only asserts one (then judgement is 0)
//	argument.consistent_judgement         higher  1 when there is a judgement and it agrees with the introduction
//	argument.conclusion                   higher  1 when the essay ends with a conclusion, judged by what it does
//	argument.sustained                    higher  body paragraphs whose opening claim carries the thesis or the
//	                                              question's terms forward / body paragraphs (only with a thesis)
//	argument.balance                      higher  1 when the essay is balanced
//	argument.narrative_share              lower   narrative paragraphs / on-topic body paragraphs
//	argument.repetition_share             lower   repeated words / (repeated words + clean words)
//	argument.word_salad_share             lower   word-salad words / (word-salad words + clean words)
//
// Clean words are in sentences that are not repeats, not word salad and not
// in an off-topic paragraph, so that one kind of padding cannot dilute the
// measure of another.
//
// Padding never raises a "higher" metric nor lowers a "lower" one: repeated
// sentences and paragraphs are left out of every count, and word salad and
// off-topic paragraphs count in denominators but never in numerators.
package argument
