module contention

go 1.19
