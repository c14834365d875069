import cliProgress from 'cli-progress';

/** A progress display: a bar on a TTY, one line per step (every 10%) otherwise. */
export interface Progress {
  update(done: number, total?: number, detail?: string): void;
  finish(message?: string): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stdout): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} {detail}`, hideCursor: true, stream, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total, detail = '') {
        if (!started) {
          bar.start(total ?? done, done, { detail });
          started = true;
        }
        if (total !== undefined) bar.setTotal(total);
        bar.update(done, { detail });
      },
      finish(message) {
        if (started) bar.stop();
        if (message) stream.write(`${label}: ${message}\n`);
      },
    };
  }
  let lastTenth = -1;
  let lastTotal: number | undefined;
  let lastLine = 0;
  return {
    update(done, total, detail) {
      // A total that grows (streams discovered one after another) starts the count of tenths again.
      if (total !== lastTotal) {
        lastTenth = total && lastTotal ? Math.floor((done / total) * 10) : -1;
        lastTotal = total;
      }
      const tenth = total ? Math.floor((done / total) * 10) : -1;
      const now = Date.now();
      // Without a total, at most one line every 5 seconds.
      if ((total && tenth > lastTenth) || (!total && now - lastLine > 5000)) {
        lastTenth = tenth;
        lastLine = now;
        stream.write(`${label}: ${done}${total ? `/${total} (${Math.round((done / total) * 100)}%)` : ''}${detail ? ` ${detail}` : ''}\n`);
      }
    },
    finish(message) {
      if (message) stream.write(`${label}: ${message}\n`);
    },
  };
}
