/**
 * The read model: projections of the ledger in the service's database, fed by the ledger's
 * committed-event stream. {@link org.alliance.ledger.service.projection.ProjectionRunner} applies
 * each committed batch and saves the stream's checkpoint in the same database transaction, and
 * rebuilds the projections from the ledger when the checkpoint is lost, corrupt or names a
 * transaction the ledger does not hold. {@link org.alliance.ledger.service.projection.CaseViews}
 * (worklist, late or due cases) and {@link org.alliance.ledger.service.projection.SubjectViews}
 * (timelines, certificates, agreements, recognitions) read the projections in one transaction and
 * overlay this service's own writes that the projection has not passed yet.
 */
package org.alliance.ledger.service.projection;
