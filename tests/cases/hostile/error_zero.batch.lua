-- An error value without a position (found by the batch fuzzer).
error(0)
