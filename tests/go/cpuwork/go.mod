module cpuwork

go 1.19
