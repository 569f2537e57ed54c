// Command parity writes small hand-made profiles (profile.proto, gzipped)
// that show pprof behaviours rtprof must match (issue 13, items 7 to 11):
//
//	callgrind.pb.gz  one function name in two binaries and at two start
//	                 lines: callgrind's "[i/n]" names, address granularity
//	nul.pb.gz        function, file and label strings holding NUL bytes
//	noheader.pb.gz   nothing for the header: no mapping file, no comments,
//	                 an empty sample type name (traces' first empty line)
//	dotorder.pb.gz   a low-weight edge that changes dot's entropy order
//	                 before it is trimmed
//	labels.pb.gz     two sample types, labels out of key order, three
//	                 comments, default_sample_type: the encoder's rules
//	oneval.pb.gz     one sample type, one comment, no period type
//
// The protobuf is encoded by hand (standard library only), so the files
// are the same bytes on every run.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"log"
	"os"
	"path/filepath"
)

// ---- a minimal protobuf writer ----

type pb struct{ b []byte }

func (p *pb) uvarint(x uint64) {
	for ; x >= 0x80; x >>= 7 {
		p.b = append(p.b, byte(x)|0x80)
	}
	p.b = append(p.b, byte(x))
}

func (p *pb) tag(field, wire int) { p.uvarint(uint64(field)<<3 | uint64(wire)) }

// num writes a varint field unless it is zero.
func (p *pb) num(field int, x int64) {
	if x != 0 {
		p.tag(field, 0)
		p.uvarint(uint64(x))
	}
}

func (p *pb) flag(field int, x bool) {
	if x {
		p.num(field, 1)
	}
}

func (p *pb) raw(field int, b []byte) {
	p.tag(field, 2)
	p.uvarint(uint64(len(b)))
	p.b = append(p.b, b...)
}

func (p *pb) sub(field int, m *pb) { p.raw(field, m.b) }

func (p *pb) packed(field int, xs []int64) {
	var t pb
	for _, x := range xs {
		t.uvarint(uint64(x))
	}
	p.raw(field, t.b)
}

// ---- a profile under construction ----

type lbl struct {
	key, str string
	num      int64
	unit     string
}

type sample struct {
	locs   []int64 // location ids, leaf first
	values []int64
	labels []lbl
}

type fn struct {
	name, file string
	start      int64
}

type line struct {
	fn   int64 // function id
	line int64
}

type loc struct {
	mapping, addr int64
	lines         []line
}

type mapping struct {
	start, limit int64
	file, build  string
}

type profile struct {
	types         [][2]string
	samples       []sample
	mappings      []mapping
	locs          []loc
	fns           []fn
	period        [2]string
	periodValue   int64
	comments      []string
	defaultType   string
	timeNanos     int64
	durationNanos int64

	strs []string
	idx  map[string]int64
}

func (p *profile) s(x string) int64 {
	if p.idx == nil {
		p.idx = map[string]int64{"": 0}
		p.strs = []string{""}
	}
	if i, ok := p.idx[x]; ok {
		return i
	}
	p.idx[x] = int64(len(p.strs))
	p.strs = append(p.strs, x)
	return p.idx[x]
}

func (p *profile) fn(name, file string, start int64) int64 {
	p.fns = append(p.fns, fn{name, file, start})
	return int64(len(p.fns))
}

func (p *profile) loc(mapping, addr int64, lines ...line) int64 {
	p.locs = append(p.locs, loc{mapping, addr, lines})
	return int64(len(p.locs))
}

func (p *profile) add(n int, values []int64, labels []lbl, locs ...int64) {
	for i := 0; i < n; i++ {
		p.samples = append(p.samples, sample{locs, values, labels})
	}
}

func (p *profile) encode() []byte {
	var out pb
	p.s("")
	for _, t := range p.types {
		var m pb
		m.num(1, p.s(t[0]))
		m.num(2, p.s(t[1]))
		out.sub(1, &m)
	}
	for _, s := range p.samples {
		var m pb
		m.packed(1, s.locs)
		m.packed(2, s.values)
		for _, l := range s.labels {
			var lm pb
			lm.num(1, p.s(l.key))
			if l.str != "" {
				lm.num(2, p.s(l.str))
			}
			lm.num(3, l.num)
			if l.unit != "" {
				lm.num(4, p.s(l.unit))
			}
			m.sub(3, &lm)
		}
		out.sub(2, &m)
	}
	for i, mp := range p.mappings {
		var m pb
		m.num(1, int64(i+1))
		m.num(2, mp.start)
		m.num(3, mp.limit)
		m.num(5, p.s(mp.file))
		m.num(6, p.s(mp.build))
		// Symbolized: pprof must not look for the binaries.
		m.flag(7, true)
		m.flag(8, true)
		m.flag(9, true)
		m.flag(10, true)
		out.sub(3, &m)
	}
	for i, l := range p.locs {
		var m pb
		m.num(1, int64(i+1))
		m.num(2, l.mapping)
		m.num(3, l.addr)
		for _, ln := range l.lines {
			var lm pb
			lm.num(1, ln.fn)
			lm.num(2, ln.line)
			m.sub(4, &lm)
		}
		out.sub(4, &m)
	}
	for i, f := range p.fns {
		var m pb
		m.num(1, int64(i+1))
		m.num(2, p.s(f.name))
		m.num(3, p.s(f.name))
		m.num(4, p.s(f.file))
		m.num(5, f.start)
		out.sub(5, &m)
	}
	var tail pb
	tail.num(9, p.timeNanos)
	tail.num(10, p.durationNanos)
	if p.period[0] != "" || p.period[1] != "" {
		var m pb
		m.num(1, p.s(p.period[0]))
		m.num(2, p.s(p.period[1]))
		tail.sub(11, &m)
	}
	tail.num(12, p.periodValue)
	for _, c := range p.comments {
		tail.num(13, p.s(c))
	}
	tail.num(14, p.s(p.defaultType))
	for _, s := range p.strs {
		out.raw(6, []byte(s))
	}
	out.b = append(out.b, tail.b...)
	return out.b
}

func v(xs ...int64) []int64 { return xs }

// ---- the profiles ----

func cpu(p *profile) {
	p.types = [][2]string{{"samples", "count"}, {"cpu", "nanoseconds"}}
	p.period = [2]string{"cpu", "nanoseconds"}
	p.periodValue = 10000000
	p.timeNanos = 1700000000000000000
	p.durationNanos = 2000000000
}

func callgrind() *profile {
	p := &profile{}
	cpu(p)
	p.mappings = []mapping{{0x400000, 0x500000, "/usr/bin/app", "b1"}, {0x7f0000, 0x7f8000, "/usr/lib/libcompute.so", "b2"}}
	main := p.fn("main", "app.c", 10)
	run := p.fn("run", "app.c", 20)
	compA := p.fn("compute", "compute.c", 5)
	compB := p.fn("compute", "compute.c", 5)  // the same name in the library
	compC := p.fn("compute", "compute.c", 90) // and a second one there
	helper := p.fn("helper", "app.c", 40)
	lmain := p.loc(1, 0x401000, line{main, 12})
	lrun1 := p.loc(1, 0x402010, line{run, 22})
	lrun2 := p.loc(1, 0x402040, line{run, 25})
	la1 := p.loc(1, 0x403000, line{compA, 6})
	la2 := p.loc(1, 0x403020, line{compA, 8})
	lb := p.loc(2, 0x7f1000, line{compB, 7})
	lc := p.loc(2, 0x7f2000, line{compC, 91})
	lh := p.loc(1, 0x404000, line{helper, 41}, line{run, 30}) // helper inlined in run
	p.add(30, v(1, 10000000), nil, la1, lrun1, lmain)
	p.add(12, v(1, 10000000), nil, la2, lrun1, lmain)
	p.add(25, v(1, 10000000), nil, lb, lrun2, lmain)
	p.add(7, v(1, 10000000), nil, lc, lb, lrun2, lmain)
	p.add(9, v(1, 10000000), nil, lh, lmain)
	p.add(3, v(1, 10000000), nil, lrun1, lmain)
	return p
}

func nul() *profile {
	p := &profile{}
	cpu(p)
	p.mappings = []mapping{{0x400000, 0x500000, "/usr/bin/nul", ""}}
	a := p.fn("main.a\x00hidden", "nul\x00.go", 3)
	b := p.fn("main.b", "nul.go", 9)
	c := p.fn("\x00main.c", "nul.go", 15)
	la := p.loc(1, 0x401000, line{a, 4})
	lb := p.loc(1, 0x402000, line{b, 10})
	lc := p.loc(1, 0x403000, line{c, 16})
	p.add(5, v(1, 10000000), []lbl{{key: "k\x00ey", str: "v\x00al"}}, la, lb)
	p.add(3, v(1, 10000000), nil, lc, lb)
	p.add(2, v(1, 10000000), []lbl{{key: "key", str: "\x00"}}, lb)
	return p
}

func noheader() *profile {
	p := &profile{}
	p.types = [][2]string{{"", "count"}}
	p.mappings = []mapping{{0x400000, 0x500000, "", ""}}
	f := p.fn("main.f", "f.go", 1)
	g := p.fn("main.g", "f.go", 5)
	lf := p.loc(1, 0x401000, line{f, 2})
	lg := p.loc(1, 0x402000, line{g, 6})
	p.add(1, v(4), nil, lf, lg)
	p.add(1, v(2), nil, lg)
	return p
}

// dotorder: alpha and beta tie once beta's 5-sample caller edge (below
// dot's 0.1% edge cutoff) is trimmed; before, the edge gives beta more
// entropy, and pprof 1.19 keeps that order.
func dotorder() *profile {
	p := &profile{}
	cpu(p)
	p.mappings = []mapping{{0x400000, 0x500000, "/usr/bin/dotorder", ""}}
	m := p.loc(1, 0x401000, line{p.fn("main.main", "d.go", 1), 2})
	a := p.loc(1, 0x402000, line{p.fn("main.alpha", "d.go", 10), 11})
	b := p.loc(1, 0x403000, line{p.fn("main.beta", "d.go", 20), 21})
	c := p.loc(1, 0x404000, line{p.fn("main.gamma", "d.go", 30), 31})
	one := v(1, 1000000)
	p.add(1000, one, nil, a, m)
	p.add(995, one, nil, b, m)
	p.add(5, one, nil, b, c, m)
	p.add(495, one, nil, c, m)
	p.add(7505, one, nil, m)
	return p
}

func labels() *profile {
	p := &profile{}
	p.types = [][2]string{{"alloc_objects", "count"}, {"alloc_space", "bytes"}}
	p.period = [2]string{"space", "bytes"}
	p.periodValue = 524288
	p.defaultType = "alloc_space"
	p.comments = []string{"first comment", "#hidden comment", "third comment"}
	p.mappings = []mapping{{0x400000, 0x500000, "/usr/bin/labels", "abc123"}}
	f := p.fn("main.alloc", "l.go", 1)
	g := p.fn("main.work", "l.go", 10)
	h := p.fn("main.main", "l.go", 20)
	lf := p.loc(1, 0x401000, line{f, 2})
	lg := p.loc(1, 0x402000, line{g, 11}, line{h, 21})
	lh := p.loc(1, 0x403000, line{h, 22})
	p.add(1, v(3, 4096), []lbl{{key: "zone", str: "b"}, {key: "bytes", num: 4096, unit: "bytes"},
		{key: "alpha", str: "x"}, {key: "zone", str: "a"}, {key: "count", num: 3}}, lf, lg, lh)
	p.add(1, v(1, 512), []lbl{{key: "bytes", num: 512, unit: "bytes"}, {key: "alpha", str: "y"}}, lf, lh)
	p.add(1, v(2, 1024), []lbl{{key: "size", num: 7}, {key: "align", num: 8, unit: "bytes"}}, lg)
	p.add(1, v(0, 0), nil, lf, lg, lh, lh)
	return p
}

func oneval() *profile {
	p := &profile{}
	p.types = [][2]string{{"contentions", "count"}}
	p.comments = []string{"one comment"}
	p.mappings = []mapping{{0x400000, 0x500000, "/usr/bin/oneval", ""}}
	f := p.fn("main.lock", "o.go", 1)
	g := p.fn("main.main", "o.go", 10)
	lf := p.loc(1, 0x401000, line{f, 2})
	lg := p.loc(1, 0x402000, line{g, 11})
	p.add(1, v(7), nil, lf, lg)
	p.add(1, v(2), []lbl{{key: "k", str: "v"}}, lg)
	return p
}

func main() {
	dir := flag.String("dir", ".", "output folder")
	flag.Parse()
	for name, p := range map[string]*profile{
		"callgrind": callgrind(), "nul": nul(), "noheader": noheader(),
		"dotorder": dotorder(), "labels": labels(), "oneval": oneval(),
	} {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(p.encode())
		if err := w.Close(); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*dir, name+".pb.gz"), z.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
