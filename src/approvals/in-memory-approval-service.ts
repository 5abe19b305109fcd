import { ApprovalCoordinator, type ApprovalServiceDeps } from './approval-coordinator.js';
import { InMemoryApprovalRecords } from './in-memory-approval-records.js';

/** Approvals for a single replica (embedded default, tests). */
export class InMemoryApprovalService extends ApprovalCoordinator {
  constructor(deps: ApprovalServiceDeps) {
    super(new InMemoryApprovalRecords(deps.clock), deps);
  }
}
