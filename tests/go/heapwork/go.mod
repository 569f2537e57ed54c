module heapwork

go 1.19
