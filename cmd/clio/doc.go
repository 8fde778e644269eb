// Command clio marks A-level History essays from the terminal and serves the
// Clio API. Each subcommand lives in its own file; main only dispatches.
//
//	clio mark [--question Q] [--rubric ID] [--topic ID] [--format text|json] [FILE|-]
//	clio spell [--format text|json] [FILE|-]
//	clio serve [--addr :8080] [--data DIR | --database URL]
//	clio rubrics | clio topics | clio version
package main
