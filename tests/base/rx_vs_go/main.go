// rx_vs_go: Go's answers for rtprof's regexp front end to be checked
// against.  Reads "PATTERN<TAB>TEXT" lines (\n in TEXT written as \\n) and
// prints, per line, "ERR " and Go's error, or 1 if the pattern matches
// somewhere in the text, else 0.
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		pattern, text, _ := strings.Cut(in.Text(), "\t")
		re, err := regexp.Compile(pattern)
		switch {
		case err != nil:
			fmt.Fprintln(out, "ERR "+err.Error())
		case re.MatchString(strings.ReplaceAll(text, `\n`, "\n")):
			fmt.Fprintln(out, "1")
		default:
			fmt.Fprintln(out, "0")
		}
	}
}
