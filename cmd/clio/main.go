package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand. Streams are passed in so tests run commands
// in-process.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

// errUsage marks a mistake in the command line; main exits with status 2.
var errUsage = errors.New("usage")

func commands() map[string]command {
	return map[string]command{
		"mark":      {"mark an essay and print its report", runMark},
		"rubrics":   {"list the built-in rubrics", runRubrics},
		"version":   {"print Clio's version", runVersion},
		"topics":    {"list the topic packs, or show one", noStdin(runTopics)},
		"calibrate": {"fit a marking profile to essays marked by people", noStdin(runCalibrate)},
		"eval":      {"measure agreement with essays marked by people", noStdin(runEval)},
		"spell":     {"check spelling only", runSpell},
		"serve":     {"run the Clio HTTP API", noStdin(runServe)},
		"tutor":     {"add a tutor who signs in to the web pages", runTutor},
		"student":   {"export everything held about a student, or erase them", noStdin(runStudent)},
		"backup":    {"copy the SQLite store while Clio runs (PostgreSQL: pg_dump)", noStdin(runBackup)},
		"bench":     {"mark the fixtures over and over and report speed and memory", noStdin(runBench)},
	}
}

// noStdin adapts a command that never reads standard input.
func noStdin(f func(ctx context.Context, args []string, stdout, stderr io.Writer) error) func(context.Context, []string, io.Reader, io.Writer, io.Writer) error {
	return func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
		return f(ctx, args, stdout, stderr)
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "clio: unknown command %q (try 'clio help')\n", args[0])
		return 2
	}
	if err := c.run(ctx, args[1:], stdin, stdout, stderr); err != nil {
		if errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "clio %s: %v\n", args[0], err)
			return 2
		}
		fmt.Fprintf(stderr, "clio %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Clio: feedback and suggested marks for A-level History essays.")
	fmt.Fprintln(w, "\nUsage: clio COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'clio COMMAND -h' for a command's flags.")
}
