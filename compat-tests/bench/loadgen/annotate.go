package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
)

// annotateCmd records, in a run's JSON, the disk the server's data took once it stopped: FILE BYTES NOTE
// [BYTES_BEFORE] (BYTES_BEFORE: before a compaction, added to the note per span).
func annotateCmd(args []string) int {
	if len(args) != 3 && len(args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: loadgen annotate FILE BYTES NOTE [BYTES_BEFORE]")
		return 2
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var r result
	if err := json.Unmarshal(b, &r); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if r.DiskAfterBytes, err = strconv.ParseInt(args[1], 10, 64); err != nil {
		fmt.Fprintln(os.Stderr, "BYTES:", args[1], "(expected: an integer)")
		return 2
	}
	r.DiskNote = args[2]
	if len(args) == 4 && r.TotalAcked > 0 {
		before, err := strconv.ParseInt(args[3], 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, "BYTES_BEFORE:", args[3], "(expected: an integer)")
			return 2
		}
		r.DiskNote += fmt.Sprintf("; %d B before", before/r.TotalAcked)
	}
	out, _ := json.MarshalIndent(r, "", "  ")
	if err := os.WriteFile(args[0], append(out, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if r.TotalAcked > 0 {
		fmt.Printf("%s: %d bytes on disk, %d B/span (%s)\n", r.Label, r.DiskAfterBytes, r.DiskAfterBytes/r.TotalAcked, r.DiskNote)
	}
	return 0
}
