// Command heapwork allocates memory of many sizes (8 B .. 1 MB) from
// several call paths, keeps part of it alive, and writes a heap profile
// (heap.pb.gz: alloc_objects, alloc_space, inuse_objects, inuse_space) and
// an allocs profile. It is a test workload for rtprof (see
// tests/golden/README.md).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
)

func init() {
	// Record every allocation: the profile is rich and its values are exact
	// (no sampling scale-up), so reruns give nearly the same numbers.
	runtime.MemProfileRate = 1
}

// Things kept alive until the profile is written (they show up in inuse_*).
var (
	keepSmall  [][]byte
	keepRecs   []*record
	keepIndex  map[string]*record
	keepBlobs  [][]byte
	keepTree   *node
	keepString []string
)

type record struct {
	id    int
	name  string
	tags  []string
	attrs map[string]int
}

type node struct {
	left, right *node
	payload     [48]byte
}

//go:noinline
func allocBytes(n int) []byte { return make([]byte, n) }

// smallAllocs makes objects of 8..256 bytes; one in four is kept.
func smallAllocs(rounds int) {
	sizes := []int{8, 16, 24, 32, 48, 64, 96, 128, 256}
	for r := 0; r < rounds; r++ {
		for _, s := range sizes {
			b := allocBytes(s)
			if r%4 == 0 {
				keepSmall = append(keepSmall, b)
			}
		}
	}
}

// mediumAllocs makes 1 kB .. 64 kB buffers; a few are kept.
func mediumAllocs(rounds int) {
	for r := 0; r < rounds; r++ {
		for s := 1 << 10; s <= 64<<10; s <<= 1 {
			b := allocBytes(s)
			b[0] = byte(r)
			if r%16 == 0 && s <= 8<<10 {
				keepBlobs = append(keepBlobs, b)
			}
		}
	}
}

// largeAllocs makes 256 kB .. 1 MB buffers directly (not via allocBytes).
func largeAllocs(rounds int) {
	for r := 0; r < rounds; r++ {
		a := make([]byte, 256<<10)
		b := make([]byte, 512<<10)
		c := make([]byte, 1<<20)
		a[0], b[0], c[0] = 1, 2, 3
		if r == rounds-1 {
			keepBlobs = append(keepBlobs, c)
		}
	}
}

func newRecord(id int) *record {
	r := &record{id: id, name: "record-" + strconv.Itoa(id)}
	r.tags = make([]string, 0, 4)
	for i := 0; i < id%4+1; i++ {
		r.tags = append(r.tags, fmt.Sprintf("tag%d", i))
	}
	r.attrs = make(map[string]int, 2)
	r.attrs["id"] = id
	return r
}

func parseRecords(n int) []*record {
	var out []*record // grows by append
	for i := 0; i < n; i++ {
		out = append(out, newRecord(i))
	}
	return out
}

func buildIndex(recs []*record) map[string]*record {
	m := make(map[string]*record)
	for _, r := range recs {
		m[strings.ToUpper(r.name)] = r
	}
	return m
}

// loadDatabase: parse records, index them, keep everything.
func loadDatabase(n int) {
	recs := parseRecords(n)
	keepRecs = recs
	keepIndex = buildIndex(recs)
}

// churn allocates records that die immediately (alloc_* only).
func churn(n int) int {
	total := 0
	for i := 0; i < n; i++ {
		r := newRecord(i)
		total += len(r.tags)
	}
	return total
}

func buildTree(depth int) *node {
	if depth == 0 {
		return nil
	}
	return &node{left: buildTree(depth - 1), right: buildTree(depth - 1)}
}

func joinStrings(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		s += strconv.Itoa(i) + ","
	}
	return s
}

func main() {
	dir := flag.String("dir", ".", "output directory")
	flag.Parse()

	smallAllocs(4000)
	mediumAllocs(200)
	largeAllocs(12)
	loadDatabase(5000)
	_ = churn(20000)
	keepTree = buildTree(12)
	for i := 0; i < 20; i++ {
		keepString = append(keepString, joinStrings(300))
	}

	runtime.GC()
	write := func(name, prof string) {
		f, err := os.Create(filepath.Join(*dir, name))
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.Lookup(prof).WriteTo(f, 0); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
	write("heap.pb.gz", "heap")
	write("allocs.pb.gz", "allocs")
	runtime.KeepAlive(keepSmall)
	fmt.Fprintf(os.Stderr, "heapwork: %d small, %d records, %d blobs\n", len(keepSmall), len(keepRecs), len(keepBlobs))
}
