// Package evidence weighs the specific support in a history essay: dates,
// figures, named people, bodies and events, quotations, historians and sources,
// paragraph by paragraph, and the question's factors a topic pack expects.
//
// # Method
//
// Topic pack mentions are taken first (people, events, terms, organisations,
// historians); then the analyzer finds dates ("1922", "25 October 1917",
// "the 1920s"), figures ("25 million", "40%", "559 votes to 65"), quotations
// (three or more words in quotation marks), references to historians ("Service
// argues", "according to Conquest", "historians such as Carr") and, for
// source-based questions, sources ("Source A", "the extract") and provenance
// words; last, capitalised words that do not open a sentence are taken as
// names no pack knows ("the Fourteenth Party Congress"). Names the question
// itself contains ("Stalin" for "Why did Stalin emerge…") support nothing.
//
// A body paragraph is supported when its distinct specifics weigh at least 1:
// a date, figure, event, document, quotation, historian or source weighs 1; a
// person, body, term, place or provenance word weighs ½, so two names count.
// Names found in three or more distinct paragraphs are the essay's main actors
// or setting ("Trotsky", "England") and weigh nothing towards support.
//
// The topic pack is the task's (Task.Topic), else the one the question names
// (Library.Detect on the question alone), else, with no question, the one the
// essay is about. A factor of the pack's guide for the question is covered
// when its signals (Pack.Signals) occur in at least two sentences, or when it
// is the most signalled factor of a body paragraph; one passing mention is not
// a discussion. When the question has a period ("in the years 1924–29", or
// one year and the decade after it for "at Hastings in 1066"), a paragraph
// most of whose dates fall after it (or over 25 years before it) is off topic.
//
// # Gaming
//
// Padding never raises a metric where higher is better. Sentences that repeat
// an earlier one (exactly, or sharing 80% of their word trigrams, connectives
// ignored) add nothing, and a paragraph made only of such sentences is ignored.
// Specifics are counted once each (by identity, so "Trotsky" twice is one), only
// in paragraphs that bear on the question (they use a question word or a pack
// name, or share names or content words with an earlier on-topic paragraph),
// and no more per sentence than 1 + (its own words)/2, counting neither
// connectives (single or multi-word) nor the specifics themselves, so a list
// of names is not evidence. Rates are per 100 words of the whole essay, so extra
// words only lower them. The conclusion is found by its wording, not its
// position, so a paragraph appended after it becomes a body paragraph (and an
// off-topic one counts as unsupported).
//
// # Findings
//
//	evidence.unsupported     warning   first sentence of a body paragraph whose claims have no specific support;
//	                                   Data "factor": the factor the paragraph deals with, when the pack knows it
//	evidence.specific        strength  a figure ("559 votes to 65") or a capitalised name joined to a date by at most two
//	                                   prepositions or articles ("General Secretary in 1922"), never a pack event with a date
//	                                   the pack contradicts; Data "kind": "statistic" or "dated"; at most three per paragraph
//	evidence.historian       strength  a reference to a historian; Data "historian": the historian's key
//	evidence.quotation       strength  a short quotation used as evidence (info when over 40 words)
//	evidence.factor-covered  info      first signal of a factor of the question's guide; Data "factor", "name"
//	evidence.factor-missing  info      empty span at 0:0; a factor the essay never signals; Data "factor", "name"
//
// # Metrics
//
//	evidence.specific_per_100_words     higher is better: distinct counted specifics per 100 words
//	evidence.supported_paragraph_share  higher is better: supported share of distinct body paragraphs (0..1)
//	evidence.distinct_specifics         higher is better: distinct people, bodies, events, terms, dates, figures,
//	                                    quotations, historians and sources counted
//	evidence.historians                 higher is better: distinct historians referred to
//	evidence.quotations                 higher is better: distinct quotations
//	evidence.factors_covered            higher is better: factors of the question's guide the essay signals
//	evidence.factors_total              factors in the guide (0 when the pack has no guide for the question)
//	evidence.factor_coverage            higher is better: factors_covered / factors_total (0 without a guide)
//	evidence.unsupported_paragraphs     lower is better: body paragraphs reported as evidence.unsupported
package evidence
