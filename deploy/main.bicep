// NetPilot on Azure Container Apps, scaled out (issue 15): two replicas sharing one storage account
// (NETPILOT_STORE=azure: the store's tables, the choice-token table and the blob container of the
// operation leases), a user-assigned managed identity with Storage Table/Blob Data Contributor on
// that account only, Application Insights for the OpenTelemetry exporter, and the Azure Bot
// registration (Teams channel) pointing at the app. How to deploy: docs/deploy.md.

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Prefix of the resource names (letters and digits, 3-11 characters).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'netpilot'

@description('Container image of NetPilot (e.g. myregistry.azurecr.io/netpilot:1.0.0).')
param image string

@description('Subscriptions NetPilot may read and migrate (comma-separated ids: AZURE_SUBSCRIPTION_IDS).')
param subscriptionIds string

@description('Entra object ids allowed to approve (comma-separated: APPROVERS).')
param approvers string = ''

@description('Conversation id of the Teams channel that gets approval cards of personal-chat requests (optional).')
param approvalChannel string = ''

@description('Number of replicas (at least two: the point of the scale-out store).')
@minValue(2)
@maxValue(10)
param replicas int = 2

@description('Seconds a replica holds the lease of a running migration without renewal (15-60).')
@minValue(15)
@maxValue(60)
param leaseSeconds int = 30

@description('Azure Bot pricing tier.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

var suffix = uniqueString(resourceGroup().id, namePrefix)
var storageName = toLower('${namePrefix}${take(suffix, 13)}')
// The store's tables (services/store/azure/factory.ts AZURE_TABLES, prefix netpilot) and the choice tokens (services/leases/coordination.ts).
var tableNames = [
  'netpilotConversations'
  'netpilotRequests'
  'netpilotLocks'
  'netpilotAudit'
  'netpilotAuditHead'
  'netpilotOperations'
  'netpilotMilestones'
  'netpilotSettings'
  'netpilotPlans'
  'netpilotSchedules'
  'netpilotDigests'
  'netpilotChoices'
]
// Blob container of the per-operation leases (services/leases/coordination.ts LEASE_CONTAINER).
var leaseContainer = 'netpilot-leases'
// Built-in role definition ids.
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for t in tableNames: {
  parent: tableService
  name: t
}]

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource leases 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: leaseContainer
  properties: {
    publicAccess: 'None'
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageTableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-ai'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${namePrefix}-app'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      ingress: {
        external: true
        targetPort: 3978
        transport: 'http'
        allowInsecure: false
      }
      secrets: [
        {
          name: 'appinsights-connection-string'
          value: insights.properties.ConnectionString
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'netpilot'
          image: image
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: [
            { name: 'PORT', value: '3978' }
            { name: 'NETPILOT_STORE', value: 'azure' }
            { name: 'AZURE_STORAGE_ACCOUNT_URL', value: storage.properties.primaryEndpoints.table }
            { name: 'NETPILOT_LEASE_SECONDS', value: string(leaseSeconds) }
            { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
            { name: 'AZURE_SUBSCRIPTION_IDS', value: subscriptionIds }
            { name: 'APPROVERS', value: approvers }
            { name: 'NETPILOT_APPROVAL_CHANNEL', value: approvalChannel }
            { name: 'NETPILOT_PLAYGROUND', value: '0' }
            { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
            { name: 'MicrosoftAppId', value: identity.properties.clientId }
            { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'appinsights-connection-string' }
          ]
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: 3978
              }
            }
          ]
        }
      ]
      scale: {
        minReplicas: replicas
        maxReplicas: replicas
      }
    }
  }
  dependsOn: [
    tableRole
    blobRole
    tables
    leases
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot-${take(suffix, 6)}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'NetPilot'
    endpoint: 'https://${app.properties.configuration.ingress.fqdn}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenant().tenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output appUrl string = 'https://${app.properties.configuration.ingress.fqdn}'
output storageAccount string = storage.name
output identityClientId string = identity.properties.clientId
output botName string = bot.name
