import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Activity, TurnContext } from 'botbuilder';
import pino, { type Logger } from 'pino';
import { FormEngine } from '../dialogs/core/engine.js';
import { baseLocale } from '../dialogs/core/normalize.js';
import { NOTIFY_KIND, SubmissionService } from '../dialogs/core/submission.js';
import { highestSequence } from '../dialogs/core/practice.js';
import { officialsHandler } from './handlers/officials.js';
import { LowdbFileStore } from '../storage/lowdb/fileStore.js';
import { FolderLockedError } from '../storage/lowdb/folderLock.js';
import { BlobStore } from '../storage/azure/blobStore.js';
import { BlobAttachments } from '../storage/files/blobAttachments.js';
import { FolderAttachments } from '../storage/files/folderAttachments.js';
import type { Attachments } from '../dialogs/core/ports.js';
import { StoreUnavailableError, type DocumentStore, type OnDamaged } from '../storage/ports.js';
import { CounterRepository } from '../storage/repositories/counters.js';
import { DraftRepository } from '../storage/repositories/drafts.js';
import { OutboxRepository } from '../storage/repositories/outbox.js';
import { PracticeRepository } from '../storage/repositories/practices.js';
import { ProfileRepository } from '../storage/repositories/profiles.js';
import { SettingsRepository } from '../storage/repositories/settings.js';
import { createAdapter } from './adapter.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { dropRedeliveries } from './dedupe.js';
import { rateLimit } from './guards/rateLimit.js';
import { allowTenants, isProactive } from './guards/tenants.js';
import { logTurns } from './guards/turnLog.js';
import { installHandler } from './handlers/installs.js';
import { isReviewAction, legacyReviewHandler, reviewAccept } from './handlers/reviews.js';
import { reviewDialogs } from './handlers/reviewDialogs.js';
import { registerReviewPages } from './reviewPages/routes.js';
import { OfficialChats } from './notify/officialChats.js';
import { forwarder } from './notify/forwarder.js';
import { FORWARD_KIND } from '../dialogs/core/forwarding.js';
import { CARD_UPDATE_KIND, OFFICIAL_NOTICE_KIND, ReviewService, queueCardUpdate } from '../dialogs/core/review.js';
import { createCatalog } from './i18n.js';
import { OutboxWorker } from './notify/outboxWorker.js';
import { SecretariatChannel } from './notify/secretariatChannel.js';
import { createServer } from './server.js';
import { FileLinks } from './export/fileLinks.js';
import { serveFiles } from './export/fileRoute.js';
import { reviewerCommands } from './handlers/reviewerCommands.js';
import { routeMessages } from './handlers/router.js';
import type restify from 'restify';
import { TeamsBot } from './teamsBot.js';
import { routeTaskModules, type TaskKinds } from './handlers/taskModules.js';
import { formTasks } from './forms/taskKind.js';
import { LiveCards } from './handlers/liveCards.js';
import { cardResponse, messageResponse, routeExecutes, type ExecuteKind } from './handlers/cardExecutes.js';
import { cardActionFrom } from '../dialogs/teams/cardAction.js';
import { WindowService } from '../dialogs/core/windowService.js';
import { wordCopies } from './handlers/wordCopy.js';
import { officialFrom } from '../dialogs/teams/official.js';
import { errnoOf } from '../storage/errno.js';
import { REMINDER_KIND } from '../dialogs/core/reminders.js';
import { ReminderRepository } from '../storage/repositories/reminders.js';
import { SessionClosingRepository } from '../storage/repositories/sessionClosings.js';
import { ReminderDelivery } from './notify/reminderDelivery.js';
import { ReminderRunner } from './notify/reminderRunner.js';

/** How often an instance looks for submissions a dead instance left half done (also once at start-up). */
const RECOVER_EVERY_MS = 5 * 60_000;

export interface RunningBot {
  url: string;
  config: Config;
  worker: OutboxWorker;
  reminders: ReminderRunner;
  close(): Promise<void>;
}

/**
 * The composition root: configuration, storage, the domain, the dialog, the bot, the adapter, the server.
 * Tests call it with an environment of their own; `npm start` calls it with the process's.
 */
/** Test seams only: a test may add routes of its own (a Teams stand-in host page) before the server listens. */
export interface MainOptions {
  routes?: (server: restify.Server) => void;
  /** The time as the engine, the outbox and the reminders see it (a test moves it days ahead). */
  clock?: () => Date;
  /** Sees every activity the bot sends or updates within a turn (an end-to-end test counts the messages). */
  watch?: (event: { kind: 'send' | 'update'; activity: Partial<Activity>; id?: string }) => void;
}

export async function main(
  env: Record<string, string | undefined>,
  logger?: Logger,
  options: MainOptions = {},
): Promise<RunningBot> {
  const config = loadConfig(env);
  const log =
    logger ?? pino({ level: config.LOG_LEVEL, redact: ['*.password', '*.token', 'req.headers.authorization'] });

  const azure = config.STORAGE === 'azure' ? config.AZURE_STORAGE_CONNECTION_STRING : undefined;
  // The key and where it was kept, never the content: a damaged draft may hold an official's answers.
  const onDamaged: OnDamaged = ({ key, path, keptAt, reason }) =>
    log.error({ key, path, keptAt, reason }, 'damaged document set aside');
  const store: DocumentStore = azure
    ? await BlobStore.connect(azure, config.AZURE_STORAGE_CONTAINER, { onDamaged })
    : await LowdbFileStore.open(resolve(config.DATA_DIR), {
        fsync: config.DATA_FSYNC,
        lockWaitMs: config.DATA_LOCK_WAIT_MS,
        onLockWait: (holder) =>
          log.warn(
            { dataDir: resolve(config.DATA_DIR), holderPid: holder?.pid },
            'the data folder is in use by another process; waiting for it to let go',
          ),
        onDamaged,
        onCopyError: (err) =>
          log.error(
            { err: { name: (err as Error).name, code: errnoOf(err) } },
            'copying the journal into the data files failed; will retry',
          ),
      });
  // Field 11's files: beside the documents, in the data folder or the same blob container.
  const attachments: Attachments = azure
    ? await BlobAttachments.connect(azure, config.AZURE_STORAGE_CONTAINER)
    : new FolderAttachments(resolve(config.DATA_DIR), { fsync: config.DATA_FSYNC });
  if (attachments instanceof FolderAttachments) {
    // Temporary files a killed process left half-written; never a finished attachment.
    const swept = await attachments.sweep();
    if (swept) log.info({ swept }, 'removed unfinished attachment uploads left by an earlier process');
  }
  const clock = options.clock ?? (() => new Date());
  // Every save of a draft marks its official in the reminders' index, so a pass reads only those officials.
  const reminderIndex = new ReminderRepository(store);
  const drafts = new DraftRepository(store, { beforeSave: (d) => reminderIndex.touched(d.owner.id, clock()) });
  const practices = new PracticeRepository(store);
  const outbox = new OutboxRepository(store);
  const settings = new SettingsRepository(store);
  const profiles = new ProfileRepository(store);
  const catalog = await createCatalog();

  const adapter = createAdapter(config, { logger: log });
  const channel = new SecretariatChannel({ adapter, config, settings, practices, catalog, outbox });
  const officials = new OfficialChats({
    adapter,
    appId: config.MicrosoftAppId ?? '',
    settings,
    practices,
    drafts,
    profiles,
    catalog,
  });
  const reminderDelivery = new ReminderDelivery({
    officials,
    drafts,
    profiles,
    catalog,
    defaultTimeZone: config.REMINDER_TIMEZONE,
    clock,
  });
  const worker = new OutboxWorker({
    outbox,
    handlers: {
      [NOTIFY_KIND]: (item, signal) => channel.deliver(item, signal),
      [OFFICIAL_NOTICE_KIND]: (item, signal) => officials.deliver(item, signal),
      [CARD_UPDATE_KIND]: (item, signal) => channel.updateCard(item, signal),
      [REMINDER_KIND]: (item, signal) => reminderDelivery.deliver(item, signal),
      ...(config.FORWARD_URL && config.FORWARD_SECRET
        ? { [FORWARD_KIND]: forwarder({ url: config.FORWARD_URL, secret: config.FORWARD_SECRET, practices }) }
        : {}),
    },
    logger: log,
    pollMs: config.OUTBOX_POLL_MS,
    baseDelayMs: config.OUTBOX_BASE_DELAY_MS,
    maxDelayMs: config.OUTBOX_MAX_DELAY_MS,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const closings = new SessionClosingRepository(settings);
  const reminders = new ReminderRunner({
    index: reminderIndex,
    drafts,
    profiles,
    settings,
    closings,
    outbox,
    attachments,
    owners: () => store.list('profiles'),
    reachable: (id) => officials.knows(id),
    afterDays: config.REMINDER_AFTER_DAYS,
    defaultTimeZone: config.REMINDER_TIMEZONE,
    everyMs: config.REMINDER_CHECK_MINUTES * 60_000,
    logger: log,
    clock,
    onQueued: () => worker.kick(),
  });
  const forward = !!config.FORWARD_URL;
  const counters = new CounterRepository(
    store,
    async (name) => highestSequence(await practices.references(), name),
    (name, attempt) =>
      log.info({ counter: name, attempt }, 'reference counter: lost a race with another instance; trying again'),
  );
  const submissions = new SubmissionService({
    drafts,
    practices,
    counters,
    outbox,
    forward,
    onQueued: () => worker.kick(),
  });
  const reviews = new ReviewService({ drafts, practices, outbox, forward, onQueued: () => worker.kick() });
  const engine = new FormEngine({ drafts, profiles, submissions, catalog, newId: randomUUID, clock });

  const links = new FileLinks(config.FILE_LINK_SECRET);
  // Filled in once the server listens (its address is known only then, when PUBLIC_BASE_URL is not set).
  let publicUrl = config.PUBLIC_BASE_URL ?? '';
  const copies = wordCopies({
    drafts,
    catalog,
    links,
    publicUrl: () => publicUrl,
    localeOf: async (context) => {
      const id = officialFrom(context.activity).id;
      return (await profiles.get(id)).locale ?? baseLocale(context.activity.locale);
    },
  });
  // The last live card per conversation (the welcome included), closed once the official moves on.
  const liveCards = new LiveCards();
  const form = officialsHandler(engine, catalog, {
    liveCards,
    formWindow: config.TAB_SSO_AUDIENCE.length > 0,
    wordCopies: copies,
    documents: { allowHttp: !config.MicrosoftAppId, logger: log, attachments },
  });
  const windows = new WindowService({
    drafts,
    profiles,
    catalog,
    serialized: (id, work) => engine.serialized(id, work),
  });
  // Teams dialogs by kind (the `mesicic` value of the button that opens them): each handler module adds its own.
  const taskKinds: TaskKinds = {
    ...formTasks({
      windows,
      publicUrl: () => publicUrl,
      enabled: config.TAB_SSO_AUDIENCE.length > 0,
      continueChat: (context, draftId) => form.act(context, { kind: 'command', command: 'resume', draftId }),
    }),
  };
  // Universal Actions (Action.Execute) by kind (the `mesicic` value of their data): each handler module adds its own.
  const executeKinds: Record<string, ExecuteKind> = {
    answer: async (context, data) => {
      const action = cardActionFrom(data);
      const card = action ? await form.execute(context, action) : undefined;
      return card
        ? cardResponse(card)
        : messageResponse(catalog.texts(baseLocale(context.activity.locale)).t('cards.stale'));
    },
  };
  // The Secretariat's side: the practice card's dialogs (View, Word, Return, Accept) and its one-click Accept.
  Object.assign(
    taskKinds,
    reviewDialogs({ reviews, practices, catalog, config, links, publicUrl: () => publicUrl, logger: log }),
  );
  executeKinds.reviewAccept = reviewAccept({ reviews, catalog, config, logger: log });
  const bot = new TeamsBot({
    cardAction: routeExecutes(executeKinds, (context) =>
      catalog.texts(baseLocale(context.activity.locale)).t('dialogs.unknown'),
    ),
    tasks: routeTaskModules(taskKinds, (context) =>
      catalog.texts(baseLocale(context.activity.locale)).t('dialogs.unknown'),
    ),
    fileConsent: (context, response) => copies.consent(context, response),
    message: routeMessages({
      form,
      review: legacyReviewHandler({
        practices,
        outbox,
        onQueued: () => worker.kick(),
        catalog,
        config,
        logger: log,
      }),
      isReview: isReviewAction,
      reviewer: reviewerCommands({
        practices,
        catalog,
        config,
        links,
        publicUrl: () => publicUrl,
        logger: log,
        closings,
        clock,
        onChanged: async (record) => {
          if (await queueCardUpdate(outbox, record, new Date(), 'other')) worker.kick();
        },
      }),
      catalog,
      config,
      profiles,
    }),
    install: installHandler({ engine, channel, catalog, config, logger: log, liveCards }),
  });
  const say = (key: string) => (context: TurnContext) => catalog.texts(baseLocale(context.activity.locale)).t(key);
  adapter.use(logTurns(log));
  const watch = options.watch;
  if (watch)
    adapter.use({
      onTurn: async (context, next) => {
        context.onSendActivities(async (_ctx, activities, send) => {
          const sent = await send();
          activities.forEach((activity, i) =>
            watch({ kind: 'send', activity, ...(sent[i]?.id ? { id: sent[i].id } : {}) }),
          );
          return sent;
        });
        context.onUpdateActivity(async (_ctx, activity, update) => {
          await update();
          watch({ kind: 'update', activity, ...(activity.id ? { id: activity.id } : {}) });
        });
        await next();
      },
    });
  adapter.use(allowTenants(config.ALLOWED_TENANTS, say('errors.tenantRefused'), log));
  adapter.use(rateLimit(config.RATE_LIMIT_PER_MINUTE, { catalog, profiles }));
  adapter.use(dropRedeliveries());
  adapter.use(officials.remember());
  adapter.onTurnError = async (context, error) => {
    // A failed proactive send is rethrown by sendProactive for the outbox to retry; nobody to apologise to.
    if (isProactive(context)) throw error;
    // A file system error (a full disk) means this answer was not saved: say that, not "try again".
    const code = errnoOf(error);
    const notSaved = code !== undefined;
    const unavailable = error instanceof StoreUnavailableError;
    log.error(
      {
        err: { name: error.name, code, message: notSaved ? undefined : error.message, stack: error.stack },
        activityId: context.activity.id,
      },
      'turn failed',
    );
    // Answers already accepted are on disk; say so rather than leave the official wondering. A malformed
    // activity may not even say where to answer: then there is no one to tell.
    try {
      await context.sendActivity(
        catalog
          .texts(baseLocale(context.activity.locale))
          .t(unavailable ? 'errors.storageUnavailable' : notSaved ? 'errors.notSaved' : 'errors.turnFailed'),
      );
    } catch (sendError) {
      log.warn(
        { err: { name: (sendError as Error).name, message: (sendError as Error).message } },
        'could not tell the official about the failure',
      );
    }
  };

  // In-flight turns are counted so that a shutdown lets them finish (their writes included) before exiting.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = createServer({
    adapter,
    run: async (context) => {
      inFlight++;
      try {
        await bot.run(context);
      } finally {
        if (--inFlight === 0) drained?.();
      }
    },
    health: async () => {
      // Read once: counted here, and looked at by the worker for notifications waiting too long.
      const pending = await outbox.pending().catch(() => undefined);
      return {
        problems: [...((await store.problems?.()) ?? []), ...(await worker.problems(undefined, pending))],
        outboxPending: pending?.length ?? 0,
        channelKnown: !!(await channel.target()),
      };
    },
  });
  registerReviewPages(server, { links, practices, tx: catalog.texts(config.SECRETARIAT_LOCALE) });
  serveFiles(server, {
    links,
    practices,
    drafts,
    catalog,
    attachments,
    tx: catalog.texts(config.SECRETARIAT_LOCALE),
  });
  if (config.TAB_SSO_AUDIENCE.length > 0) {
    // The tab (and jose, which checks its tokens) only where it is enabled, to keep the start-up short.
    const { TEAMS_FRAME_ANCESTORS, registerTabRoutes } = await import('./tab/routes.js');
    const { registerFormRoutes } = await import('./forms/routes.js');
    const { createIdentify } = await import('./tab/identity.js');
    const identify = createIdentify({
      openIdConfigUrl: config.TAB_OPENID_CONFIG_URL,
      audience: config.TAB_SSO_AUDIENCE,
      allowedTenants: config.ALLOWED_TENANTS,
    });
    const frameAncestors = [...TEAMS_FRAME_ANCESTORS, ...config.TAB_FRAME_ANCESTORS];
    registerFormRoutes(server, {
      windows,
      identify,
      catalog,
      logger: log,
      frameAncestors,
      // A window saves every few seconds at most: twice the chat's limit leaves it room to spare.
      writesPerMinute: 2 * config.RATE_LIMIT_PER_MINUTE,
    });
    registerTabRoutes(server, {
      practices,
      drafts,
      catalog,
      logger: log,
      reviewers: config.SECRETARIAT_REVIEWERS,
      abandoned: {
        owners: () => profiles.ids(),
        listDeletedByOfficials: (ids, since) => drafts.listDeletedByOfficials(ids, since),
      },
      identify,
      frameAncestors,
    });
  }
  options.routes?.(server);
  await new Promise<void>((ok) => {
    server.listen(config.PORT, config.HOST, ok);
  });
  const address = server.address();
  const url = `http://${config.HOST}:${address.port}`;
  publicUrl = (config.PUBLIC_BASE_URL ?? url).replace(/\/$/, '');
  worker.start();
  reminders.start();
  // Submissions whose number was reserved by an instance that died before recording the practice (issue 18).
  let recovering: Promise<void> | undefined;
  const recover = () => {
    recovering ??= submissions
      .recover(new Date())
      .then(({ completed, unused }) => {
        if (completed.length || unused.length)
          log.warn({ completed, unused }, 'recovery: submissions completed, or reserved references left unused');
      })
      .catch((err: unknown) => log.error({ err }, 'recovery of reserved references failed'))
      .finally(() => (recovering = undefined));
  };
  recover();
  const recovery = setInterval(recover, RECOVER_EVERY_MS);
  recovery.unref();
  log.info(
    {
      url,
      storage: config.STORAGE,
      dataDir: azure ? undefined : resolve(config.DATA_DIR),
      anonymous: !config.MicrosoftAppId,
    },
    'listening',
  );

  return {
    url,
    config,
    worker,
    reminders,
    async close() {
      const closed = new Promise<void>((ok) => {
        server.close(() => ok());
      });
      if (inFlight > 0) await new Promise<void>((ok) => (drained = ok));
      await reminders.stop();
      await worker.stop();
      clearInterval(recovery);
      await recovering;
      await closed;
      await store.close?.();
      log.info('stopped');
    },
  };
}

// Started as a program (npm start), not imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.env)
    .then((bot) => {
      const stop = () => void bot.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    })
    .catch((err: unknown) => {
      console.error(err instanceof ConfigError || err instanceof FolderLockedError ? err.message : err);
      process.exit(1);
    });
}
