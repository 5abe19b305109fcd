/** What the tour's commands need to know about the running demo. */
export interface TourContext {
  envoyUrl: string;
  adminUrl: string;
  /** Paths relative to the repository root, where the commands are run. */
  agentTokenFile: string;
  approverTokenFile: string;
  auditFile: string;
  /** Where the HTML evidence report is written. */
  reportFile: string;
  verifyKey: { keyId: string; file: string };
  heldFile: string;
  exportFile: string;
  newPatientFile: string;
  patientId: string;
}

export interface TourStep {
  title: string;
  /** One shell command line (bash), copy-pasted as is. */
  command: string;
  expect: string;
}

/** The guided tour: one command per step, in the order they make sense. The demo's e2e spec runs exactly these. */
export function tourSteps(ctx: TourContext): TourStep[] {
  const agent = `-H "authorization: Bearer $(cat ${ctx.agentTokenFile})"`;
  const status = `-w '\\nHTTP %{http_code}\\n'`;
  const admin = `--server ${ctx.adminUrl} --token-file ${ctx.approverTokenFile}`;
  const createPatient = `curl -s -X POST ${ctx.envoyUrl}/fhir/Patient ${agent} -H 'content-type: application/fhir+json' -d @${ctx.newPatientFile}`;
  return [
    {
      title: 'Read a patient as the agent',
      command: `curl -s ${ctx.envoyUrl}/fhir/Patient/${ctx.patientId} ${agent} ${status}`,
      expect: 'HTTP 200; name, birth date, SSN, MRN, phone, email and address come back as [REDACTED:…], gender and state stay',
    },
    {
      title: 'Stream the bulk $export (NDJSON, chunked): masked line by line as it streams',
      command: `curl -sN '${ctx.envoyUrl}/fhir/Patient/$export' ${agent} -o ${ctx.exportFile} -w 'HTTP %{http_code}, %{size_download} bytes\\n' && head -n 2 ${ctx.exportFile}`,
      expect: 'HTTP 200; every line of the export is a masked Patient',
    },
    {
      title: 'Query the SQL-over-HTTP endpoint: a SELECT passes, its rows masked',
      command: `curl -s -X POST ${ctx.envoyUrl}/sql ${agent} -H 'content-type: application/json' -d '{"sql": "SELECT * FROM patients LIMIT 2"}' ${status}`,
      expect: 'HTTP 200; family_name, ssn, phone and birth_date masked',
    },
    {
      title: 'Try to DROP TABLE: denied before it reaches the database',
      command: `curl -s -X POST ${ctx.envoyUrl}/sql ${agent} -H 'content-type: application/json' -d '{"sql": "DROP TABLE patients"}' ${status}`,
      expect: 'HTTP 403 from rule sql-destructive',
    },
    {
      title: 'Create a patient: the write is held until a human approves it',
      command: `${createPatient} | tee ${ctx.heldFile}; echo`,
      expect: '{"status":"held","approvalId":"…"}: nothing reached the FHIR server',
    },
    {
      title: 'As the approver, list what waits',
      command: `npx wardgate approvals list ${admin}`,
      expect: 'the pending request, rule writes-need-approval, requester coding-agent',
    },
    {
      title: 'Approve it with the CLI',
      command: `npx wardgate approvals approve "$(node -p 'require("./${ctx.heldFile}").approvalId')" --comment "demo: new patient checked" ${admin}`,
      expect: '<id> approved; grant <id> (a one-time grant for exactly that request)',
    },
    {
      title: 'Retry the same write: it passes once',
      command: `${createPatient} ${status}`,
      expect: 'HTTP 201 from the FHIR server (the echoed patient masked); a second retry would be held again',
    },
    {
      title: 'Verify the audit trail: hash chain and Ed25519 checkpoint signatures',
      command: `npx wardgate audit verify --file ${ctx.auditFile} --key ${ctx.verifyKey.keyId}=${ctx.verifyKey.file}`,
      expect: 'verified, exit 0 (every decision, approval and grant above is in it)',
    },
    {
      title: "Build the auditor's evidence report of this demo's own events (HTML)",
      command: `npx wardgate audit report --file ${ctx.auditFile} --key ${ctx.verifyKey.keyId}=${ctx.verifyKey.file} --out ${ctx.reportFile} && echo "report written: open file://$PWD/${ctx.reportFile} in a browser"`,
      expect: 'exit 0; the access log, masking proof, approvals record and exceptions of everything above, marked Verified',
    },
  ];
}

/** The tour as printed: each command on its own line after `  $ `, which the e2e spec reads back. */
export function formatTour(steps: readonly TourStep[]): string {
  return steps.map((s, i) => `${i + 1}. ${s.title}\n  $ ${s.command}\n  → ${s.expect}\n`).join('\n');
}
