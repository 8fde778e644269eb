// Package analysis turns an essay's text into a Document (paragraphs,
// sentences and tagged tokens, each with a byte span into the original text)
// and runs independent analyzers over it to produce findings and metrics.
//
// It knows nothing of marks: package rubric turns a Result into levels and
// feedback. Analyzers live in sub-packages and are registered explicitly with
// NewPipeline; package analysis/standard wires the default set.
package analysis
