/** Test-only entry of the approvals lib: the workflow internals a state-machine property test drives directly. */
export { ApplicationRepository } from '../application/application.repository';
export { ApplicationWorkflow } from '../application/application-workflow.service';
