module parity

go 1.19
