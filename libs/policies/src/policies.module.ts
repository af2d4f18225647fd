import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { EnterprisesModule } from '@app/enterprises';
import { CalculatorService } from './calculator/calculator.service';
import { ItemVersionRepository } from './item/item-version.repository';
import { MatchPlanRepository } from './matching/match-plan.repository';
import { MatchRepository } from './matching/match.repository';
import { MatchingService } from './matching/matching.service';
import { PolicyInit1732000002000 } from './migrations/1732000002000-policy-init';
import { PoliciesController } from './policy/policies.controller';
import { PoliciesService } from './policy/policies.service';
import { PolicyRepository } from './policy/policy.repository';
import { PolicyPortService } from './policy/policy-port.service';
import { PolicyLifecycleScheduler } from './policy/policy-lifecycle.scheduler';
import { EnterprisePoliciesController } from './push/enterprise-policies.controller';
import { InboxRepository } from './push/inbox.repository';
import { InboxService } from './push/inbox.service';
import { HttpGatewayChannel, LogChannel, PUSH_CHANNELS } from './push/push-channel.port';
import { PushDeliveryRepository } from './push/push-delivery.repository';
import { PushService } from './push/push.service';
import { NoticeRepository } from './push/notice.repository';
import { NoticeService } from './push/notice.service';
import { PolicyNotices1732000015001 } from './migrations/1732000015001-policy-notices';
import { PolicyInboxOnMatches1732000007000 } from './migrations/1732000007000-policy-inbox-on-matches';
import { PolicyMatchRequests1732000008000 } from './migrations/1732000008000-policy-match-requests';
import { PushDeliveryOutbox1732000009000 } from './migrations/1732000009000-push-delivery-outbox';
import { PolicySearch1732000003000 } from './migrations/1732000003000-policy-search';
import { PolicySearchRegions1732000014000 } from './migrations/1732000014000-policy-search-regions';
import { PolicyInterpretation1732000014001 } from './migrations/1732000014001-policy-interpretation';
import { PolicyRevision1733250000000 } from './migrations/1733250000000-policy-revision';
import { PublicPoliciesController } from './public/public-policies.controller';
import { PublicPolicyRepository } from './public/public-policy.repository';
import { PublicPolicyService } from './public/public-policy.service';
import { AppealThemesRegistry } from './public/appeal-themes.port';
import { PolicySearchController } from './search/policy-search.controller';
import { POLICY_SEARCH_PROVIDERS } from './search/search.providers';
import { PolicySearchService } from './search/policy-search.service';
import { SearchIndexer } from './search/search-indexer';
import { PoliciesBackgroundWork } from './policies.background';

export const POLICY_MIGRATIONS = [PolicyInit1732000002000, PolicySearch1732000003000, PolicyInboxOnMatches1732000007000, PolicyMatchRequests1732000008000, PushDeliveryOutbox1732000009000, PolicySearchRegions1732000014000, PolicyInterpretation1732000014001, PolicyNotices1732000015001, PolicyRevision1733250000000];

const pushLog = new Logger('PushChannel');

/** 政策中心: structured policies, versions and review, matching, push, "my policies", calculator. */
@Module({
  imports: [EnterprisesModule],
  controllers: [PoliciesController, EnterprisePoliciesController, PolicySearchController, PublicPoliciesController],
  providers: [
    PoliciesBackgroundWork,
    ItemVersionRepository,
    MatchRepository,
    MatchPlanRepository,
    PolicyRepository,
    PoliciesService,
    PolicyPortService,
    MatchingService,
    PushDeliveryRepository,
    PushService,
    NoticeRepository,
    NoticeService,
    InboxRepository,
    InboxService,
    CalculatorService,
    PublicPolicyRepository,
    PublicPolicyService,
    AppealThemesRegistry,
    PolicyLifecycleScheduler,
    ...POLICY_SEARCH_PROVIDERS,
    {
      provide: PUSH_CHANNELS,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => [
        c.push.smsGatewayUrl ? new HttpGatewayChannel('sms', c.push.smsGatewayUrl) : new LogChannel('sms', (l) => pushLog.debug(l)),
        c.push.appMessageGatewayUrl
          ? new HttpGatewayChannel('app_message', c.push.appMessageGatewayUrl)
          : new LogChannel('app_message', (l) => pushLog.debug(l)),
      ],
    },
  ],
  exports: [PolicySearchService, SearchIndexer, MatchRepository, PolicyLifecycleScheduler, PoliciesService, PolicyPortService, MatchingService, InboxService, CalculatorService, ItemVersionRepository, PushService, NoticeService, PUSH_CHANNELS, AppealThemesRegistry],
})
export class PoliciesModule {}
