package io.postrain.inference.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A model version the registry knows, so a restarted service reloads what it served. */
@Entity
@Table(name = "model_version")
public class ModelVersionEntity extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "model_name")
  public String modelName;

  public String version;

  /** The checkpoint directory. */
  public String path;

  @Enumerated(EnumType.STRING)
  public ModelVersionStatus status;

  /** Why loading failed, or null. */
  public String error;

  /** The ModelUpdateEvent id that announced it, or null for a base model. */
  @Column(name = "update_id")
  public String updateId;

  @Column(name = "created_at")
  public Instant createdAt;

  /** The version of a model with this name, if known. */
  public static Optional<ModelVersionEntity> find(String modelName, String version) {
    return find("modelName = ?1 and version = ?2", modelName, version).firstResultOptional();
  }

  /** Every READY version, oldest first. */
  public static List<ModelVersionEntity> ready() {
    return list("status = ?1 order by createdAt, id", ModelVersionStatus.READY);
  }
}
