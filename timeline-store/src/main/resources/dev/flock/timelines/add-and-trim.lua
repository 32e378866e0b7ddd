-- Adds entries to one capped timeline and trims it to its newest ARGV[1], in one step no other client can split.
-- KEYS[1]: the timeline; ARGV[1]: capacity; ARGV[2..]: members (all scored 0: Redis orders them by their bytes).
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], 0, ARGV[i])
end
local size = redis.call('ZCARD', KEYS[1])
local capacity = tonumber(ARGV[1])
if size > capacity then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - capacity - 1)
end
return size
