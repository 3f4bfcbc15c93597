-- wrk script for the paced phases of run.sh: each connection is an officer who pauses
-- between requests, for a random time drawn from an exponential distribution with the given
-- mean (wrk's delay(), in milliseconds), so the requests arrive at about
-- connections * 1000 / mean per second, at random moments, instead of back to back.
-- wrk starts a request's latency when the request is sent: the pause is not counted.
-- Usage: wrk ... -s paced.lua URL -- <mean pause in ms>

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local mean = 0
function init(args)
  mean = tonumber(args[1]) or error("paced.lua: give the mean pause in ms after --")
  math.randomseed(os.time() * 100 + (tid or 0))
end

function delay()
  -- 1 - random() is in (0, 1], so the logarithm is finite.
  return math.floor(-mean * math.log(1 - math.random()) + 0.5)
end
