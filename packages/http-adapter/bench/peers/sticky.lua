-- wrk: every request carries a valid affinity cookie, cycling through the three routes, so the
-- proxies read a cookie and follow it (no Set-Cookie) on every request.
local routes = { "ROUTEID=.static1", "ROUTEID=.static2", "ROUTEID=.static3" }
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, { ["Cookie"] = routes[(n % 3) + 1] })
end
