-- wrk script for bench/serve-budget-check: POST /v1/budget/check for 100 tenants in turn, each with a
-- persona, 10 tokens each (far below the limits, so every check is allowed and reserved).
local token = os.getenv("SOMACTL_BENCH_TOKEN")
local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local n = 0
function setup(thread)
  thread:set("offset", math.random(0, 99))
end
function request()
  n = n + 1
  local body = string.format('{"tenant":"bench%d","persona":"agent","tokens":10}', (n + (offset or 0)) % 100)
  return wrk.format("POST", "/v1/budget/check", headers, body)
end
