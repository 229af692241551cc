UPDATE trigger_event SET published_at = CURRENT_TIMESTAMP WHERE seq IN (:#in:${variable.seqs})
