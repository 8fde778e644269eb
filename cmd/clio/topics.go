package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/clio-history/clio/analysis/history"
)

// runTopics implements 'clio topics' (list the topic packs with their counts)
// and 'clio topics show ID' (print one pack readably, events in date order).
func runTopics(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("topics", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: clio topics [--format text|json]\n       clio topics show [--format text|json] ID")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	rest := fs.Args()
	if len(rest) > 0 && rest[0] == "show" {
		// Flags may also come after "show".
		if err := fs.Parse(rest[1:]); err != nil {
			return errUsage
		}
		rest = append([]string{"show"}, fs.Args()...)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format must be text or json, not %q", errUsage, *format)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	lib, err := history.Default()
	if err != nil {
		return fmt.Errorf("loading topic packs: %w", err)
	}
	switch {
	case len(rest) == 0:
		return listTopics(stdout, lib, *format)
	case rest[0] == "show" && len(rest) == 2:
		p, ok := lib.Pack(rest[1])
		if !ok {
			return fmt.Errorf("%w: no topic %q (known: %s)", errUsage, rest[1], strings.Join(packIDs(lib), ", "))
		}
		if *format == "json" {
			return writeJSON(stdout, p)
		}
		return showTopic(stdout, p)
	case rest[0] == "show":
		return fmt.Errorf("%w: 'clio topics show' takes one topic id (known: %s)", errUsage, strings.Join(packIDs(lib), ", "))
	default:
		return fmt.Errorf("%w: unexpected %q (try 'clio topics' or 'clio topics show ID')", errUsage, rest[0])
	}
}

func packIDs(lib *history.Library) []string {
	var ids []string
	for _, p := range lib.Packs() {
		ids = append(ids, p.ID)
	}
	return ids
}

type topicSummary struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Kind       string `json:"kind"`
	From       int    `json:"from"`
	To         int    `json:"to"`
	People     int    `json:"people"`
	Events     int    `json:"events"`
	Terms      int    `json:"terms"`
	Historians int    `json:"historians"`
	Questions  int    `json:"questions"`
}

func listTopics(w io.Writer, lib *history.Library, format string) error {
	var rows []topicSummary
	for _, p := range lib.Packs() {
		rows = append(rows, topicSummary{ID: p.ID, Title: p.Title, Kind: p.Kind, From: p.Period.From, To: p.Period.To,
			People: len(p.People), Events: len(p.Events), Terms: len(p.Terms),
			Historians: len(p.Historians), Questions: len(p.Questions)})
	}
	if format == "json" {
		return writeJSON(w, map[string]any{"topics": rows})
	}
	idw := len("ID")
	for _, r := range rows {
		idw = max(idw, len(r.ID))
	}
	fmt.Fprintf(w, "%-*s  %6s  %6s  %5s  %10s  %9s  %s\n", idw, "ID", "PEOPLE", "EVENTS", "TERMS", "HISTORIANS", "QUESTIONS", "TITLE")
	for _, r := range rows {
		fmt.Fprintf(w, "%-*s  %6d  %6d  %5d  %10d  %9d  %s\n", idw, r.ID, r.People, r.Events, r.Terms, r.Historians, r.Questions, r.Title)
	}
	_, err := fmt.Fprintln(w, "\nRun 'clio topics show ID' to see one.")
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// showTopic prints a pack as a teacher would read it.
func showTopic(w io.Writer, p *history.Pack) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "%s\n%s (%s, %d–%d)\n", p.Title, p.ID, p.Kind, p.Period.From, p.Period.To)
	if len(p.Notes) > 0 {
		section(b, "Notes", len(p.Notes))
		for _, n := range p.Notes {
			fmt.Fprintf(b, "  - %s\n", n)
		}
	}
	if len(p.People) > 0 {
		section(b, "People", len(p.People))
		for _, x := range p.People {
			fmt.Fprintf(b, "  %s (%s)%s\n", x.Name, lifespan(x.Born, x.Died), also(x.Variants))
			sources(b, "      ", x.Sources)
			if len(x.Roles) > 0 {
				fmt.Fprintf(b, "      %s\n", strings.Join(x.Roles, "; "))
			}
			for _, o := range x.Offices {
				to := "?"
				if !o.To.IsZero() {
					to = o.To.String()
				}
				fmt.Fprintf(b, "      office: %s, %s – %s (source: %s)\n", o.Title, o.From, to, strings.Join(o.Sources, ", "))
			}
		}
	}
	if len(p.Events) > 0 {
		section(b, "Events, in date order", len(p.Events))
		width := 0
		for _, e := range p.Events {
			width = max(width, len(e.When.String()))
		}
		for _, e := range p.EventsByDate() {
			fmt.Fprintf(b, "  %-*s  %s%s\n", width, e.When.String(), e.Name, also(e.Aliases))
			var who []string
			for _, id := range e.People {
				if per, ok := p.Person(id); ok {
					who = append(who, per.Name)
				}
			}
			if pl, ok := p.Place(e.Place); ok {
				fmt.Fprintf(b, "  %*s  place: %s\n", width, "", pl.Name)
			}
			if len(who) > 0 {
				fmt.Fprintf(b, "  %*s  people: %s\n", width, "", strings.Join(who, "; "))
			}
			if e.Note != "" {
				fmt.Fprintf(b, "  %*s  note: %s\n", width, "", e.Note)
			}
			sources(b, fmt.Sprintf("  %*s  ", width, ""), e.Sources)
			if !e.InForce.IsZero() {
				fmt.Fprintf(b, "  %*s  in force: %s (source: %s)\n", width, "", e.InForce, strings.Join(e.InForceSources, ", "))
			}
		}
	}
	for _, list := range []struct {
		title string
		items []history.Entity
	}{{"Organisations", p.Organisations}, {"Places", p.Places}} {
		if len(list.items) == 0 {
			continue
		}
		section(b, list.title, len(list.items))
		for _, x := range list.items {
			fmt.Fprintf(b, "  %s%s\n", x.Name, also(x.Variants))
			if x.Note != "" {
				fmt.Fprintf(b, "      %s\n", x.Note)
			}
		}
	}
	if len(p.Terms) > 0 {
		section(b, "Terms", len(p.Terms))
		for _, x := range p.Terms {
			fmt.Fprintf(b, "  %s%s\n", x.Name, also(x.Variants))
			if x.Gloss != "" {
				fmt.Fprintf(b, "      %s\n", x.Gloss)
			}
		}
	}
	if len(p.Historians) > 0 {
		section(b, "Historians", len(p.Historians))
		for _, x := range p.Historians {
			fmt.Fprintf(b, "  %s", x.Name)
			if x.School != "" {
				fmt.Fprintf(b, " [%s]", x.School)
			}
			b.WriteString("\n")
			if len(x.Works) > 0 {
				fmt.Fprintf(b, "      %s\n", strings.Join(x.Works, "; "))
			}
			fmt.Fprintf(b, "      %s\n", x.View)
		}
	}
	if len(p.Questions) > 0 {
		section(b, "Questions", len(p.Questions))
		for _, q := range p.Questions {
			fmt.Fprintf(b, "  %s  (%s)\n", q.Text, q.ID)
			for _, f := range q.Factors {
				fmt.Fprintf(b, "    - %s: %s\n", f.Name, strings.Join(f.Signals, ", "))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// sources lists the pages where an entry's dates were checked.
func sources(b *strings.Builder, indent string, urls []string) {
	for _, u := range urls {
		fmt.Fprintf(b, "%ssource: %s\n", indent, u)
	}
}

func section(b *strings.Builder, title string, n int) {
	fmt.Fprintf(b, "\n%s (%d)\n", title, n)
}

func also(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return "; also " + strings.Join(names, ", ")
}

func lifespan(born, died history.Date) string {
	s := func(d history.Date) string {
		if d.IsZero() {
			return "?"
		}
		return d.String()
	}
	return s(born) + " – " + s(died)
}
