// bupprof: the pprof that Go 1.19 vendors (github.com/google/pprof at
// a41b82acbcb1), built alone so that it uses its own internal/binutils
// (objdump, nm, addr2line/llvm-symbolizer) as upstream pprof does, where
// `go tool pprof` substitutes Go's own object reader and disassembler.
// tests/golden/regen.sh builds it in GOPATH mode from
// $GOROOT/src/cmd/vendor for the disasm and weblist goldens.
package main

import (
	"fmt"
	"os"

	"github.com/google/pprof/driver"
)

func main() {
	if err := driver.PProf(&driver.Options{}); err != nil {
		fmt.Fprintf(os.Stderr, "%v\n", err)
		os.Exit(1) // as `go tool pprof` ends (rtprof too)
	}
}
