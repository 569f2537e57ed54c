// Command manystacks writes a synthetic CPU-style profile (profile.proto,
// gzipped) with a few hundred thousand distinct stacks. It uses only the
// standard library: the protobuf encoding is done by hand below.
//
// The stacks are the root-to-leaf paths of a fixed tree:
//
//	runtime.main -> main.main -> main.dispatch -> L1 -> L2 -> ... -> L6
//
// with branching 6*7*8*8*10*12 = 322560 leaves. The location used at each
// level depends on the parent location and the branch taken, so every path
// is a distinct stack, while locations (and the functions behind them) are
// shared between many stacks. Levels 3 and 4 draw from the same function
// pool, so some stacks recurse. Some locations carry an inlined frame.
// Everything is derived from constants: the output is byte-for-byte
// reproducible with the same Go version.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
)

// ---- minimal protobuf encoder ----

type buf struct{ b []byte }

func (p *buf) varint(x uint64) {
	for x >= 0x80 {
		p.b = append(p.b, byte(x)|0x80)
		x >>= 7
	}
	p.b = append(p.b, byte(x))
}

func (p *buf) key(field, wire int) { p.varint(uint64(field)<<3 | uint64(wire)) }

// int64 field (varint); zero values are omitted like proto3 does.
func (p *buf) int(field int, x int64) {
	if x == 0 {
		return
	}
	p.key(field, 0)
	p.varint(uint64(x))
}

func (p *buf) bool(field int, x bool) {
	if x {
		p.key(field, 0)
		p.varint(1)
	}
}

func (p *buf) bytes(field int, b []byte) {
	p.key(field, 2)
	p.varint(uint64(len(b)))
	p.b = append(p.b, b...)
}

func (p *buf) msg(field int, m *buf) { p.bytes(field, m.b) }

// packed repeated varints
func (p *buf) packed(field int, xs []uint64) {
	var t buf
	for _, x := range xs {
		t.varint(x)
	}
	p.bytes(field, t.b)
}

// ---- string table ----

type strtab struct {
	list []string
	idx  map[string]int64
}

func newStrtab() *strtab {
	return &strtab{list: []string{""}, idx: map[string]int64{"": 0}}
}

func (s *strtab) id(x string) int64 {
	if i, ok := s.idx[x]; ok {
		return i
	}
	i := int64(len(s.list))
	s.list = append(s.list, x)
	s.idx[x] = i
	return i
}

// ---- the synthetic profile ----

type function struct {
	id         uint64
	name, file string
	start      int64
}

type line struct {
	fn   *function
	line int64
}

type location struct {
	id    uint64
	addr  uint64
	lines []line // innermost first
}

var (
	branching = []int{6, 7, 8, 8, 10, 12}          // per level
	locPool   = []int{6, 40, 200, 600, 1500, 3000} // locations per level
	fnPool    = []int{6, 25, 90, 90, 700, 1100}    // functions per level
	fnPrefix  = []string{"gen/stage.Stage", "gen/svc.(*Service).Handle", "gen/tree.walk", "gen/tree.walk", "gen/codec.decode", "gen/leaf.compute"}
	fnFiles   = []string{"gen/stage/stage.go", "gen/svc/service.go", "gen/tree/walk.go", "gen/tree/walk.go", "gen/codec/codec.go", "gen/leaf/leaf%d.go"}
)

func main() {
	out := flag.String("o", "manystacks.pb.gz", "output profile")
	flag.Parse()

	st := newStrtab()
	var funcs []*function
	fnByName := map[string]*function{}
	getFn := func(name, file string, start int64) *function {
		if f, ok := fnByName[name]; ok {
			return f
		}
		f := &function{id: uint64(len(funcs) + 1), name: name, file: file, start: start}
		funcs = append(funcs, f)
		fnByName[name] = f
		return f
	}
	var locs []*location
	newLoc := func(addr uint64, lines ...line) *location {
		l := &location{id: uint64(len(locs) + 1), addr: addr, lines: lines}
		locs = append(locs, l)
		return l
	}

	// Fixed root chain.
	rtMain := newLoc(0x401000, line{getFn("runtime.main", "runtime/proc.go", 145), 250})
	mainMain := newLoc(0x402000, line{getFn("main.main", "manystacks/main.go", 20), 31})
	dispatch := newLoc(0x402400,
		line{getFn("main.route", "manystacks/main.go", 40), 44}, // inlined into dispatch
		line{getFn("main.dispatch", "manystacks/main.go", 50), 57})

	// Per-level location pools.
	pools := make([][]*location, len(branching))
	for lv := range branching {
		for i := 0; i < locPool[lv]; i++ {
			fi := i % fnPool[lv]
			file := fnFiles[lv]
			if lv == 5 {
				file = fmt.Sprintf(file, fi%16)
			}
			start := int64(10 + (fi*37)%900)
			f := getFn(fmt.Sprintf("%s%d", fnPrefix[lv], fi), file, start)
			ln := start + 1 + int64((i/fnPool[lv])*3+i%5)
			addr := uint64(0x410000 + lv*0x100000 + i*0x40)
			if i%5 == 3 && lv < 5 {
				// an inlined helper called from f
				h := getFn(fmt.Sprintf("gen/util.helper%d", i%13), "gen/util/util.go", int64(100+i%13*10))
				locs := newLoc(addr, line{h, h.start + 2}, line{f, ln})
				pools[lv] = append(pools[lv], locs)
				continue
			}
			pools[lv] = append(pools[lv], newLoc(addr, line{f, ln}))
		}
	}

	var samples buf
	nstacks := 0
	var path [6]int // location index per level
	var walk func(lv, parent int)
	walk = func(lv, parent int) {
		if lv == len(branching) {
			ids := make([]uint64, 0, 9)
			for i := len(branching) - 1; i >= 0; i-- {
				ids = append(ids, pools[i][path[i]].id)
			}
			ids = append(ids, dispatch.id, mainMain.id, rtMain.id)
			h := uint64(nstacks)*0x9e3779b97f4a7c15 + uint64(path[5])
			h ^= h >> 29
			n := int64(1 + h%5)
			if path[4]%17 == 0 {
				n += 20 // a few heavier stacks
			}
			if path[5]%fnPool[5] < 10 {
				n *= 50 // ten hot leaf functions
			}
			var s buf
			s.packed(1, ids)
			s.packed(2, []uint64{uint64(n), uint64(n * 10_000_000)})
			if path[1]%3 == 0 {
				var l buf
				l.int(1, st.id("shard"))
				l.int(2, st.id(fmt.Sprintf("s%d", path[2]%4)))
				s.msg(3, &l)
			}
			if path[0] == 2 {
				var l buf
				l.int(1, st.id("batch"))
				l.int(3, int64(1+path[3]%3)*64)
				l.int(4, st.id("bytes"))
				s.msg(3, &l)
			}
			samples.msg(2, &s)
			nstacks++
			return
		}
		for c := 0; c < branching[lv]; c++ {
			idx := (parent*31 + c) % locPool[lv]
			path[lv] = idx
			walk(lv+1, idx)
		}
	}
	walk(0, 0)

	var p buf
	vt := func(t, u string) *buf {
		var v buf
		v.int(1, st.id(t))
		v.int(2, st.id(u))
		return &v
	}
	p.msg(1, vt("samples", "count"))
	p.msg(1, vt("cpu", "nanoseconds"))
	p.b = append(p.b, samples.b...)

	var m buf
	m.int(1, 1)
	m.int(2, 0x400000)
	m.int(3, 0x1000000)
	m.int(5, st.id("/opt/manystacks/manystacks"))
	m.int(6, st.id("5e1f0c3a9b7d4e2f"))
	m.bool(7, true)
	m.bool(8, true)
	m.bool(9, true)
	m.bool(10, true)
	p.msg(3, &m)

	for _, l := range locs {
		var b buf
		b.int(1, int64(l.id))
		b.int(2, 1)
		b.int(3, int64(l.addr))
		for _, ln := range l.lines {
			var x buf
			x.int(1, int64(ln.fn.id))
			x.int(2, ln.line)
			b.msg(4, &x)
		}
		p.msg(4, &b)
	}
	for _, f := range funcs {
		var b buf
		b.int(1, int64(f.id))
		b.int(2, st.id(f.name))
		b.int(3, st.id(f.name))
		b.int(4, st.id(f.file))
		b.int(5, f.start)
		p.msg(5, &b)
	}
	p.int(9, 1764028800_000000000) // 2025-11-25 00:00:00 UTC
	p.int(10, 3600_000_000_000)    // 1h
	p.msg(11, vt("cpu", "nanoseconds"))
	p.int(12, 10_000_000)
	p.int(13, st.id("synthetic profile written by tests/go/manystacks"))
	p.int(14, st.id("cpu"))
	// The string table goes last: all ids are known now.
	for _, s := range st.list {
		p.bytes(6, []byte(s))
	}

	var z bytes.Buffer
	w, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		log.Fatal(err)
	}
	w.Write(p.b)
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, z.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "manystacks: %d stacks, %d locations, %d functions, %d bytes raw, %d gzipped\n",
		nstacks, len(locs), len(funcs), len(p.b), z.Len())
}
