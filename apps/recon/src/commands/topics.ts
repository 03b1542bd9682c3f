import type { Command } from 'commander';
import { TOPICS, physicalTopic } from '@closegap/messaging';
import { ensureAllTopics } from '@closegap/services-common';
import { streamContext } from './stream-context';

export function registerTopics(program: Command): void {
  program
    .command('topics')
    .description('create the streaming topics that are missing (partitions, compaction, retention from the registry) and list them')
    .action(async () => {
      const ctx = await streamContext();
      try {
        await ctx.bus.connect();
        await ensureAllTopics(ctx.bus, ctx.config.KAFKA_TOPIC_PREFIX);
        for (const t of TOPICS) {
          const name = physicalTopic(ctx.config.KAFKA_TOPIC_PREFIX, t.name);
          const offsets = await ctx.bus.offsets(name);
          const messages = offsets.reduce((n, o) => n + Number(o.high - o.low), 0);
          process.stdout.write(`${name.padEnd(48)} ${String(offsets.length).padStart(2)} partitions  ${t.compacted ? 'compact' : 'delete '}  ${String(messages).padStart(8)} messages\n`);
        }
      } finally {
        await ctx.close();
      }
    });
}
