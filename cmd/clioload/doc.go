// Command clioload is a load generator for clio serve on this machine: it
// posts a 1,000-word essay to /v1/feedback or /v1/submissions at a fixed rate
// (or steps the rate up to find the highest with p99 under a bound) and
// reports throughput, latency percentiles, errors by status and server memory.
package main
