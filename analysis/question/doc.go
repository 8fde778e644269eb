// Package question reads an A-level History essay question: its command type
// (why, to-what-extent, how-far-agree, …), the factor or claim it states, the
// period it covers and its key terms, as an analysis.Question.
//
// Parse never fails and never panics: a question it cannot read yields a
// Question with only Text (and whatever else it could find) filled. Topic is
// left empty for the caller to fill from topic-pack detection.
//
// Command ids (analysis.Question.Command):
//
//	why              "Why did…", "Explain why…", "Account for…", "Assess the reasons for…"
//	to-what-extent   "To what extent…", "How far was…"
//	how-far-agree    "How far do you agree…", "To what extent do you agree…", "Do you agree…"
//	how-significant  "How significant…", "How important…", "Assess the significance/impact of…"
//	how-successful   "How successful…", "How effective…", "Assess the success of…"
//	how-accurate     "How accurate is it to say…"
//	assess-validity  "Assess the validity of this view", "Assess/Evaluate the view that…", "How valid…"
//	compare          "Compare…", "How similar…", "How different…"
//
// Stem is the light suffix-stripping stemmer Clio uses to match an essay's
// words against the question's key terms; Claim returns the claim a question
// asks the student to judge. The word lists are our own, written for Clio.
package question
