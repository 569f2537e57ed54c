// Command contention creates mutex and blocking contention and writes
// mutex.pb.gz and block.pb.gz (plus goroutine.pb.gz, a snapshot taken while
// some goroutines are parked). It is a test workload for rtprof (see
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
	"sync"
	"time"
)

var sink int

// spin burns a little CPU while a lock is held.
func spin(n int) int {
	x := 0
	for i := 0; i < n; i++ {
		x += i * i
	}
	return x
}

// Counter is a contended counter protected by a sync.Mutex.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Add(work int) {
	c.mu.Lock()
	c.n += spin(work)
	c.mu.Unlock()
}

// AddSlow holds the lock across a short sleep, so waiters pile up.
func (c *Counter) AddSlow(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	time.Sleep(d)
	c.n++
}

// hotLock: several goroutines hammer one Counter.
func hotLock(goroutines, iters int) {
	var c Counter
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				c.Add(2000)
			}
		}()
	}
	wg.Wait()
	sink += c.n
}

// sleepyLock: goroutines queue behind a lock held while sleeping.
func sleepyLock(goroutines, iters int) {
	var c Counter
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				c.AddSlow(50 * time.Microsecond)
			}
		}()
	}
	wg.Wait()
	sink += c.n
}

// Cache is read-mostly and protected by a sync.RWMutex.
type Cache struct {
	mu sync.RWMutex
	m  map[int]int
}

func (c *Cache) Get(k int) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[k] + spin(200)
}

func (c *Cache) Put(k, v int) {
	c.mu.Lock()
	c.m[k] = v + spin(3000)
	c.mu.Unlock()
}

func rwCache(readers, iters int) {
	c := &Cache{m: map[int]int{}}
	var wg sync.WaitGroup
	for g := 0; g < readers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				sink += c.Get(i % 64)
			}
		}(g)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < iters/4; i++ {
			c.Put(i%64, i)
		}
	}()
	wg.Wait()
}

// pipeline: a producer and slow consumers on an unbuffered channel.
func producer(ch chan<- int, n int) {
	for i := 0; i < n; i++ {
		ch <- i
	}
	close(ch)
}

func consumer(ch <-chan int, out chan<- int) {
	s := 0
	for v := range ch {
		s += spin(5000) + v
	}
	out <- s
}

func pipeline(consumers, n int) {
	ch := make(chan int)
	out := make(chan int)
	go producer(ch, n)
	for i := 0; i < consumers; i++ {
		go consumer(ch, out)
	}
	for i := 0; i < consumers; i++ {
		sink += <-out
	}
}

// selectWait: goroutines wait in select for a ticker-driven broadcast.
func selectWait(waiters, rounds int) {
	var wg sync.WaitGroup
	chans := make([]chan int, waiters)
	for i := range chans {
		chans[i] = make(chan int)
	}
	done := make(chan struct{})
	for i := 0; i < waiters; i++ {
		wg.Add(1)
		go func(c chan int) {
			defer wg.Done()
			for {
				select {
				case v := <-c:
					sink += v
				case <-done:
					return
				}
			}
		}(chans[i])
	}
	for r := 0; r < rounds; r++ {
		time.Sleep(200 * time.Microsecond)
		for _, c := range chans {
			c <- r
		}
	}
	close(done)
	wg.Wait()
}

// condWait: a sync.Cond handshake.
func condWait(rounds int) {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	ready := false
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for r := 0; r < rounds; r++ {
			mu.Lock()
			for !ready {
				cond.Wait()
			}
			ready = false
			mu.Unlock()
		}
	}()
	for r := 0; r < rounds; r++ {
		time.Sleep(100 * time.Microsecond)
		mu.Lock()
		ready = true
		cond.Signal()
		mu.Unlock()
		for {
			mu.Lock()
			r := ready
			mu.Unlock()
			if !r {
				break
			}
			runtime.Gosched()
		}
	}
	wg.Wait()
}

func parked(ch chan struct{}, wg *sync.WaitGroup) {
	wg.Done()
	<-ch
}

func main() {
	dir := flag.String("dir", ".", "output directory")
	flag.Parse()
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)
	start := time.Now()

	hotLock(8, 400)
	sleepyLock(4, 300)
	rwCache(6, 4000)
	pipeline(4, 2000)
	selectWait(5, 300)
	condWait(300)

	// A few goroutines parked on a channel for the goroutine profile.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 7; i++ {
		wg.Add(1)
		go parked(stop, &wg)
	}
	wg.Wait()

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
	write("goroutine.pb.gz", "goroutine")
	close(stop)
	write("mutex.pb.gz", "mutex")
	write("block.pb.gz", "block")
	fmt.Fprintf(os.Stderr, "contention: %v\n", time.Since(start).Round(time.Millisecond))
}
