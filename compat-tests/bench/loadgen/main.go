// Command loadgen is the light load generator of the side-by-side benchmark (issue 14). It pre-encodes one
// request of 500 spans (50 traces of 10 spans over 3 services) once, patches ids and times per request, and
// keeps N requests in flight against one target: OTLP/HTTP protobuf, OTLP/gRPC or Zipkin proto3. It reports
// acknowledged spans/s in a measured window after a warm-up, ack latency, rejections, the server process's
// CPU, RSS and heap, and reads a random sample of acknowledged traces back through the target's query API.
//
//	loadgen run -target pinscope -proto http -url http://127.0.0.1:4318/v1/traces -query http://127.0.0.1:8080 ...
//	loadgen freeport N       prints N free loopback TCP ports
//	loadgen report DIR       prints the markdown table of DIR/run-*.json and writes DIR/results.md and results.json
//	loadgen annotate FILE BYTES NOTE   records the disk a stopped server's data takes in a run's JSON
//
// It runs on one Go processor unless GOMAXPROCS says otherwise: the servers it measures share the machine's
// two cores with it, and with a processor per core the Go runtime's idle processors spinning for work and
// gRPC's connection goroutines hopping between cores took a quarter more CPU and cost the server it drove
// 5-15 % of its rate (BENCHMARKS.md, issue 14 round 7).
package main

import (
	"fmt"
	"net"
	"os"
	"runtime"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadgen run|freeport|report ...")
		os.Exit(2)
	}
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	switch os.Args[1] {
	case "run":
		os.Exit(runCmd(os.Args[2:]))
	case "freeport":
		n := 1
		if len(os.Args) > 2 {
			fmt.Sscan(os.Args[2], &n)
		}
		var ls []net.Listener
		for i := 0; i < n; i++ {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			ls = append(ls, l)
			fmt.Println(l.Addr().(*net.TCPAddr).Port)
		}
		for _, l := range ls {
			l.Close()
		}
	case "report":
		os.Exit(reportCmd(os.Args[2:]))
	case "annotate":
		os.Exit(annotateCmd(os.Args[2:]))
	default:
		fmt.Fprintln(os.Stderr, "usage: loadgen run|freeport|report ...")
		os.Exit(2)
	}
}
