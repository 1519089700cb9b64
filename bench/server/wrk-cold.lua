-- wrk-cold.lua - wrk-json.lua's summary line, and each request names one
-- of N files at random (/data/0 .. /data/N-1; N after "--", default 64),
-- each wrk thread with its own seed: serve.sh's cold mix, where requests
-- for one file at once would share the pages the first one read, and
-- most reads would not reach the disk at all. (A script with a request()
-- builds every request in Lua; the other mixes keep wrk's fixed one.)
dofile("bench/server/wrk-json.lua")

local threads = 0
setup = function(thread)
	thread:set("id", threads)
	threads = threads + 1
end

local files = 64
init = function(args)
	files = tonumber(args[1]) or files
	math.randomseed(1 + (id or 0))
end

request = function()
	return wrk.format(nil, "/data/" .. math.random(0, files - 1))
end
