package dev.assay.engine.node;

import dev.assay.engine.auth.Authenticator;
import dev.assay.engine.grading.GraderKinds;
import dev.assay.engine.grading.SubmissionQueue;
import dev.assay.engine.grading.RegradeService;
import dev.assay.engine.grading.ResultEvents;
import dev.assay.engine.store.AssessmentStore;
import dev.assay.engine.store.CourseGradeStore;
import dev.assay.engine.store.CourseStore;
import dev.assay.engine.store.DeliveryStore;
import dev.assay.engine.store.WebhookStore;
import dev.assay.engine.store.GradingPolicyStore;
import dev.assay.engine.store.LearnerEventStore;
import dev.assay.engine.store.OutcomeStore;
import dev.assay.engine.store.RegradeStore;
import dev.assay.engine.store.SubmissionStore;
import io.vertx.core.Vertx;

/** What the HTTP routes need from the node, wired once at start-up. */
public record Services(
        Vertx vertx,
        NodeConfig config,
        Authenticator authenticator,
        CourseStore courses,
        GradingPolicyStore policies,
        AssessmentStore assessments,
        SubmissionStore submissions,
        LearnerEventStore learnerEvents,
        RegradeStore regrades,
        GraderKinds kinds,
        SubmissionQueue queue,
        Admission admission,
        RegradeService regrading,
        ResultEvents events,
        Metrics metrics,
        Readiness readiness,
        CourseGradeStore courseGrades,
        WebhookStore webhooks,
        DeliveryStore deliveries,
        OutcomeStore outcomes,
        dev.assay.engine.store.ProgramStore programs,
        dev.assay.engine.store.JobeFileStore jobeFiles,
        dev.assay.engine.store.XQueueStore xqueue,
        dev.assay.engine.store.LtiStore lti,
        dev.assay.engine.peer.PeerServices peer) {
}
