// Command cpuwork burns CPU in a few recognisable ways and writes a CPU
// profile. It is a test workload for rtprof (see tests/golden/README.md).
//
// Workers run under pprof.Do labels (worker=hash, worker=sort,
// worker=primes, worker=fib); there are small functions the compiler
// inlines (mix, square, isOdd), recursive functions (fib, quicksort) and a
// CPULoader that calls prime and SumRoots.
package main

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"
)

var sink uint64

// mix is small enough to be inlined into its callers.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 29
	return x
}

// square is inlined too.
func square(x float64) float64 { return x * x }

// isOdd is inlined too.
func isOdd(n int) bool { return n&1 == 1 }

// prime reports whether n is prime, by trial division.
func prime(n int) bool {
	if n < 2 {
		return false
	}
	if !isOdd(n) {
		return n == 2
	}
	for d := 3; d*d <= n; d += 2 {
		if n%d == 0 {
			return false
		}
	}
	return true
}

// SumRoots adds up square roots, with a useless square inside.
func SumRoots(lo, hi int) float64 {
	s := 0.0
	for i := lo; i < hi; i++ {
		r := math.Sqrt(float64(i))
		s += r + square(r)*1e-9
	}
	return s
}

// CPULoader is the primes worker's main loop.
func CPULoader(rounds int) int {
	count := 0
	for r := 0; r < rounds; r++ {
		base := 1_000_000 + r*5_000
		for n := base; n < base+5_000; n++ {
			if prime(n) {
				count++
			}
		}
		if SumRoots(base, base+20_000) < 0 {
			count--
		}
	}
	return count
}

// fib is deliberately exponential.
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func fibWorker(n, times int) int {
	t := 0
	for i := 0; i < times; i++ {
		t += fib(n)
	}
	return t
}

// quicksort is a plain recursive quicksort.
func quicksort(a []int) {
	if len(a) < 2 {
		return
	}
	p := partition(a)
	quicksort(a[:p])
	quicksort(a[p+1:])
}

func partition(a []int) int {
	hi := len(a) - 1
	pivot := a[hi]
	i := 0
	for j := 0; j < hi; j++ {
		if a[j] < pivot {
			a[i], a[j] = a[j], a[i]
			i++
		}
	}
	a[i], a[hi] = a[hi], a[i]
	return i
}

func fill(a []int, seed uint64) {
	x := seed
	for i := range a {
		x = mix(x + uint64(i))
		a[i] = int(x >> 1)
	}
}

func sorter(rounds, n int, seed uint64) int {
	a := make([]int, n)
	b := make([]int, n)
	ok := 0
	for r := 0; r < rounds; r++ {
		fill(a, seed+uint64(r))
		copy(b, a)
		sort.Ints(a)
		quicksort(b)
		if a[n/2] == b[n/2] {
			ok++
		}
	}
	return ok
}

func hasher(rounds int, seed uint64) uint64 {
	buf := make([]byte, 64<<10)
	for i := range buf {
		buf[i] = byte(mix(seed + uint64(i)))
	}
	var acc uint64
	for r := 0; r < rounds; r++ {
		s := sha256.Sum256(buf)
		m := md5.Sum(buf[:16<<10])
		acc += uint64(s[0]) + uint64(m[1])
		buf[r%len(buf)] ^= s[2]
	}
	return acc
}

func worker(ctx context.Context, name string, wg *sync.WaitGroup, f func()) {
	defer wg.Done()
	pprof.Do(ctx, pprof.Labels("worker", name), func(context.Context) { f() })
}

func main() {
	out := flag.String("o", "cpu.pb.gz", "output profile")
	seed := flag.Uint64("seed", 1, "seed")
	scale := flag.Float64("scale", 1.0, "work multiplier")
	workers := flag.String("workers", "hash,sort,primes,fib", "comma-separated workers to run")
	flag.Parse()
	want := map[string]bool{}
	for _, w := range strings.Split(*workers, ",") {
		want[w] = true
	}

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	start := time.Now()
	n := func(x int) int { return int(float64(x) * *scale) }

	var wg sync.WaitGroup
	ctx := context.Background()
	var r1, r2, r3, r4 uint64
	start1 := func(name string, f func()) {
		if want[name] {
			wg.Add(1)
			go worker(ctx, name, &wg, f)
		}
	}
	start1("hash", func() { r1 = hasher(n(4000), *seed) })
	start1("sort", func() { r2 = uint64(sorter(n(35), 100_000, *seed)) })
	start1("primes", func() { r3 = uint64(CPULoader(n(1000))) })
	start1("fib", func() { r4 = uint64(fibWorker(30, n(170))) })
	wg.Wait()
	sink = r1 + r2 + r3 + r4
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "cpuwork: %v, sink %d\n", time.Since(start).Round(time.Millisecond), sink)
}
