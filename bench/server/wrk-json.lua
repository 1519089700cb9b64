-- wrk-json.lua - after a wrk run, print its summary as one JSON line
-- (wrk's documented done() hook): counts, errors and latency percentiles
-- in microseconds. scripts/serve.sh keeps the line as raw data.
done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		'{"requests":%d,"duration_us":%d,"bytes":%d,' ..
		'"errors_connect":%d,"errors_read":%d,"errors_write":%d,' ..
		'"errors_status":%d,"errors_timeout":%d,' ..
		'"mean_us":%.1f,"stdev_us":%.1f,"max_us":%d,' ..
		'"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d}\n',
		summary.requests, summary.duration, summary.bytes,
		e.connect, e.read, e.write, e.status, e.timeout,
		latency.mean, latency.stdev, latency.max,
		latency:percentile(50), latency:percentile(90),
		latency:percentile(99), latency:percentile(99.9)))
end
